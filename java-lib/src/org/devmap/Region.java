// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.devmap.internal.Fcntl.O_CLOEXEC;
import static org.devmap.internal.Fcntl.O_RDONLY;
import static org.devmap.internal.Fcntl.O_RDWR;
import static org.devmap.internal.Fcntl.O_SYNC;
import static org.devmap.internal.Mman.MAP_ANONYMOUS;
import static org.devmap.internal.Mman.MAP_FIXED;
import static org.devmap.internal.Mman.MAP_PRIVATE;
import static org.devmap.internal.Mman.MAP_SHARED;
import static org.devmap.internal.Mman.MS_SYNC;
import static org.devmap.internal.Mman.PROT_READ;
import static org.devmap.internal.Mman.PROT_WRITE;
import static org.devmap.internal.Mman._SC_PAGESIZE;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.devmap.internal.LibC;

/**
 * The mapped pages of a {@link Mapping}: open, mmap, the placeholder that
 * close() puts in their place, the cleaner that unmaps it, msync, and for
 * a device the descriptor that {@link DmaSync} keeps for the driver's sync
 * ioctl. With DmaSync and Interrupt, the users of JNA in the package.
 */
final class Region {

    private static final LibC LIBC = LibC.INSTANCE;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Path DEV_MEM = Path.of("/dev/mem");

    /** The system page size, the granularity of mappings. */
    static final long PAGE_SIZE = readPageSize();

    final Path path;
    final long offset;
    final long length;
    final boolean readOnly;
    final boolean regularFile;
    /** Distance from the page-aligned start of the mapping to {@link #offset}. */
    final long delta;
    /** Covers exactly [offset, offset + length); never repositioned. */
    private final ByteBuffer buffer;
    private final long mapAddress;
    private final long mapLength;
    /** The sync calls of a device mapping; null for a regular file. */
    private final DmaSync dmaSync;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private Region(Path path, long offset, long length, boolean readOnly, boolean regularFile,
            long mapAddress, long mapLength, long delta, int fd) {
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.readOnly = readOnly;
        this.regularFile = regularFile;
        this.mapAddress = mapAddress;
        this.mapLength = mapLength;
        this.delta = delta;
        ByteBuffer raw = new Pointer(mapAddress).getByteBuffer(delta, length);
        AtomicInteger descriptor = new AtomicInteger(fd);
        this.dmaSync = fd >= 0 ? new DmaSync(path.toString(), readOnly, descriptor) : null;
        // The raw buffer is what the cleaner watches: read-only copies and
        // duplicates handed out keep it reachable through their attachment.
        CLEANER.register(raw, new Unmapper(mapAddress, mapLength, descriptor));
        this.buffer = readOnly ? raw.asReadOnlyBuffer() : raw;
    }

    /**
     * Maps [offset, offset + length) of a device or file; see
     * {@link Mapping#open(Path, long, long, MapOptions)} for the errors.
     */
    static Region map(Path path, long offset, long length, boolean readOnly) throws IOException {
        Objects.requireNonNull(path, "path");
        Checks.openRange(offset, length);
        String name = path.toString();
        long base = offset & -PAGE_SIZE;
        long delta = offset - base;
        long mapLength = (delta + length + PAGE_SIZE - 1) & -PAGE_SIZE;

        boolean regular = Files.isRegularFile(path);
        if (regular) {
            long size = Files.size(path);
            if (offset + length > size) {
                throw new DevmapException("mmap", Errno.ENXIO, name, offset, length,
                        String.format("beyond the end of the file (size 0x%x)", size));
            }
        }
        int flags = (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC;
        if (MemoryTypes.isSameFile(path, DEV_MEM)) {
            // Without O_SYNC, /dev/mem maps RAM cached, which would break the
            // device memory assumption.
            flags |= O_SYNC;
        }
        int fd = LIBC.open(name, flags);
        if (fd < 0) {
            throw new DevmapException("open", Native.getLastError(), name, offset, length, null);
        }
        int prot = readOnly ? PROT_READ : PROT_READ | PROT_WRITE;
        Pointer p = LIBC.mmap(null, new NativeLong(mapLength), prot, MAP_SHARED, fd, base);
        int errno = Native.getLastError();
        boolean failed = p == null || Pointer.nativeValue(p) == -1L;
        if (failed || regular) {
            // The mapping keeps its own reference to the file; a device's
            // descriptor stays for the DMA sync calls (closed by close()).
            LIBC.close(fd);
        }
        if (failed) {
            throw new DevmapException("mmap", errno, name, offset, length, null);
        }
        return new Region(path, offset, length, readOnly, regular, Pointer.nativeValue(p),
                mapLength, delta, regular ? -1 : fd);
    }

    private static long readPageSize() {
        long ps = LIBC.sysconf(_SC_PAGESIZE).longValue();
        // A wrong value would only make mappings fail; 4 KiB is the usual size.
        return ps > 0 && (ps & (ps - 1)) == 0 ? ps : 4096;
    }

    /**
     * Unmaps whatever is mapped at the range and closes the descriptor if
     * close() did not; holds no reference to the Region.
     */
    private static final class Unmapper implements Runnable {
        private final long address;
        private final long length;
        private final AtomicInteger fd;

        Unmapper(long address, long length, AtomicInteger fd) {
            this.address = address;
            this.length = length;
            this.fd = fd;
        }

        @Override
        public void run() {
            LIBC.munmap(new Pointer(address), new NativeLong(length));
            DmaSync.close(fd);
        }
    }

    /** The buffer, or IllegalStateException once closed. */
    ByteBuffer live() {
        if (closed) {
            throw new IllegalStateException("mapping of " + path + " is closed");
        }
        return buffer;
    }

    boolean isClosed() {
        return closed;
    }

    /** Replaces the pages with private anonymous memory; idempotent. */
    void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            // Replace the device pages in one step. If that fails (ENOMEM),
            // the device pages stay until the cleaner unmaps them: that still
            // cannot crash a running access.
            LIBC.mmap(new Pointer(mapAddress), new NativeLong(mapLength), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0L);
        }
        if (dmaSync != null) {
            dmaSync.close();
        }
    }

    /** msync(MS_SYNC) for a writable regular file; nothing for devices. */
    void force() throws DevmapException {
        ByteBuffer b = live();
        try {
            if (regularFile && !readOnly
                    && LIBC.msync(new Pointer(mapAddress), new NativeLong(mapLength), MS_SYNC) != 0) {
                throw new DevmapException("msync", Native.getLastError(), path.toString(), offset, length,
                        null);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * DEVMAP_IOC_SYNC over [offset + off, offset + off + len), the range
     * already checked against the mapping.
     *
     * @param forDevice true for DEVMAP_SYNC_FOR_DEVICE, false for _FOR_CPU
     */
    void sync(boolean forDevice, DmaDirection dir, long off, long len) throws DevmapException {
        long address = offset + off;
        ByteBuffer b = live();
        try {
            if (dmaSync == null) {
                // The ioctl would give ENOTTY too; say why.
                throw new DevmapException(forDevice ? "sync for device" : "sync for cpu", Errno.ENOTTY,
                        path.toString(), address, len, "a regular file has no DMA buffer: sync needs /dev/map");
            }
            dmaSync.sync(forDevice, dir, address, len);
        } finally {
            Reference.reachabilityFence(b);
        }
    }
}
