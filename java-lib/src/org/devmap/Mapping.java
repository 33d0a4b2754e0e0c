// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.devmap.Fcntl.O_CLOEXEC;
import static org.devmap.Fcntl.O_RDONLY;
import static org.devmap.Fcntl.O_RDWR;
import static org.devmap.Fcntl.O_SYNC;
import static org.devmap.Mman.MAP_ANONYMOUS;
import static org.devmap.Mman.MAP_FIXED;
import static org.devmap.Mman.MAP_PRIVATE;
import static org.devmap.Mman.MAP_SHARED;
import static org.devmap.Mman.MS_SYNC;
import static org.devmap.Mman.PROT_READ;
import static org.devmap.Mman.PROT_WRITE;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shared memory mapping of a range of a device or file: {@code /dev/map}
 * (the offset is the physical address), {@code /dev/mem}, {@code /dev/uioN}
 * or a regular file.
 *
 * <pre>{@code
 * try (Mapping regs = Mapping.open(Path.of("/dev/map"), 0xc0000000L, 0x1000)) {
 *     int id = regs.getIntVolatile(0x0);
 *     regs.putIntRelease(0x10, id | 1);
 * }
 * }</pre>
 *
 * <h2>Offsets</h2>
 * All accessor offsets are relative to the offset given to {@link #open},
 * which need not be page aligned: the mapping covers the enclosing pages and
 * keeps the difference. Accesses are bounds-checked against the requested
 * length; a failed check throws {@link IndexOutOfBoundsException} naming the
 * offset, the width and the size.
 *
 * <h2>Accessors</h2>
 * Typed accessors exist for 8, 16, 32 and 64 bits, in plain, volatile,
 * acquire (loads) and release (stores) variants, in the byte order of the
 * {@link MapOptions}. They go through {@link VarHandle} views of a direct
 * {@link ByteBuffer}, which the JIT compiles into plain loads and stores.
 * Ordered (volatile, acquire, release) multi-byte accesses must be naturally
 * aligned, and on {@link MemoryType#DEVICE} memory all multi-byte accesses
 * must be: a misaligned access throws {@link IllegalArgumentException}
 * instead of reaching the hardware (ARM raises SIGBUS). On device memory,
 * plain accesses are opaque: the JIT may not merge neighbouring accesses into
 * a wider one, split them, or drop repeated ones, which matters for
 * registers; they add no hardware barrier. Width-generic
 * {@link #get(long, int)} and {@link #put(long, int, long)} take the width in
 * bits and reject values that do not fit.
 *
 * <h2>Bulk copies</h2>
 * {@code read}/{@code write}/{@link #fill} move arrays to and from the
 * mapping. On {@link MemoryType#DEVICE} memory they go element by element at
 * the element width, aligned, so that no wide, paired or unaligned access
 * reaches the device; on {@link MemoryType#CACHED} memory they use the JVM's
 * bulk copies.
 *
 * <h2>Closing and threads</h2>
 * Accessors may be used from several threads at once. {@link #close()} is
 * idempotent and thread-safe, and every access that starts after it throws
 * {@link IllegalStateException}. Closing does not unmap the range outright:
 * it atomically replaces the device pages with private anonymous memory
 * ({@code MAP_FIXED}), so a thread that was already inside an access when
 * another thread closed reads zeros or writes into scratch memory instead of
 * crashing the JVM. That placeholder is unmapped once the mapping and all
 * buffers returned by {@link #asByteBuffer()} are unreachable. A mapping that
 * is never closed is unmapped the same way.
 */
public final class Mapping implements AutoCloseable {

    private static final LibC LIBC = LibC.INSTANCE;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long PAGE_SIZE = readPageSize();
    private static final Path DEV_MAP = Path.of("/dev/map");
    private static final Path DEV_MEM = Path.of("/dev/mem");
    private static final int FILL_CHUNK = 64 * 1024;

    // Static finals, one per byte order, so that the JIT inlines the access.
    private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);

    private final String path;
    private final long offset;
    private final long length;
    private final ByteOrder order;
    private final boolean bigEndian;
    private final MemoryType memoryType;
    private final boolean device;
    private final boolean readOnly;
    private final boolean regularFile;
    private final long mapAddress;
    private final long mapLength;
    /** Distance from the page-aligned start of the mapping to {@link #offset}. */
    private final long delta;
    /** Covers exactly [offset, offset + length); never repositioned. */
    private final ByteBuffer buffer;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private Mapping(String path, long offset, long length, MapOptions options, MemoryType type,
            boolean regularFile, long mapAddress, long mapLength, long delta) {
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.order = options.order();
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        this.memoryType = type;
        this.device = type == MemoryType.DEVICE;
        this.readOnly = options.readOnly();
        this.regularFile = regularFile;
        this.mapAddress = mapAddress;
        this.mapLength = mapLength;
        this.delta = delta;
        ByteBuffer raw = new Pointer(mapAddress).getByteBuffer(delta, length);
        // The raw buffer is what the cleaner watches: read-only copies and
        // duplicates handed out keep it reachable through their attachment.
        CLEANER.register(raw, new Unmapper(mapAddress, mapLength));
        this.buffer = readOnly ? raw.asReadOnlyBuffer() : raw;
    }

    /**
     * Maps {@code [offset, offset + length)} of a device or file with the
     * {@link MapOptions#defaults() default options}.
     *
     * @param path the device or file, e.g. {@code /dev/map}
     * @param offset the offset in the file; the physical address for
     *        {@code /dev/map} and {@code /dev/mem}; need not be page aligned
     * @param length the length in bytes, 1 to {@link Integer#MAX_VALUE}
     * @return the mapping
     * @throws DevmapException if open or mmap fail (errno in the exception),
     *         or, with ENXIO, if the range runs past the end of a regular file
     *         (an access there would raise SIGBUS)
     * @throws IOException if the file cannot be inspected
     * @throws IllegalArgumentException if offset or length are out of range
     */
    public static Mapping open(Path path, long offset, long length) throws IOException {
        return open(path, offset, length, MapOptions.defaults());
    }

    /**
     * Maps {@code [offset, offset + length)} of a device or file.
     *
     * @param path the device or file, e.g. {@code /dev/map}
     * @param offset the offset in the file; the physical address for
     *        {@code /dev/map} and {@code /dev/mem}; need not be page aligned
     * @param length the length in bytes, 1 to {@link Integer#MAX_VALUE}
     * @param options byte order, memory type, read-only
     * @return the mapping
     * @throws DevmapException if open or mmap fail (errno in the exception),
     *         or, with ENXIO, if the range runs past the end of a regular file
     * @throws IOException if the file cannot be inspected
     * @throws IllegalArgumentException if offset or length are out of range
     */
    public static Mapping open(Path path, long offset, long length, MapOptions options)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + hex(offset));
        }
        if (length <= 0) {
            throw new IllegalArgumentException("length must be > 0, not " + length);
        }
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "length 0x%x exceeds 0x%x, the limit of a ByteBuffer", length, Integer.MAX_VALUE));
        }
        if (offset + length < 0) {
            throw new IllegalArgumentException(String.format(
                    "offset 0x%x + length 0x%x overflows", offset, length));
        }
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
        MemoryType type = options.memoryType();
        if (type == null) {
            type = detectMemoryType(path, regular, offset, length, options.windowsRoot());
        }

        int flags = (options.readOnly() ? O_RDONLY : O_RDWR) | O_CLOEXEC;
        if (isSameFile(path, DEV_MEM)) {
            // Without O_SYNC, /dev/mem maps RAM cached, which would break the
            // device memory assumption.
            flags |= O_SYNC;
        }
        int fd = LIBC.open(name, flags);
        if (fd < 0) {
            throw new DevmapException("open", Native.getLastError(), name, offset, length, null);
        }
        int prot = options.readOnly() ? PROT_READ : PROT_READ | PROT_WRITE;
        Pointer p;
        int errno;
        try {
            p = LIBC.mmap(null, new NativeLong(mapLength), prot, MAP_SHARED, fd, base);
            errno = Native.getLastError();
        } finally {
            // The mapping keeps its own reference to the file.
            LIBC.close(fd);
        }
        if (p == null || Pointer.nativeValue(p) == -1L) {
            throw new DevmapException("mmap", errno, name, offset, length, null);
        }
        return new Mapping(name, offset, length, options, type, regular, Pointer.nativeValue(p),
                mapLength, delta);
    }

    /**
     * Detects the memory type of a range: regular files are cached;
     * {@code /dev/map} follows the sysfs mode of the window containing the
     * range; all other devices ({@code /dev/mem}, {@code /dev/uioN}) and
     * ranges in no window are device memory.
     */
    static MemoryType detectMemoryType(Path path, boolean regular, long offset, long length,
            Path windowsRoot) throws IOException {
        if (regular) {
            return MemoryType.CACHED;
        }
        if (isSameFile(path, DEV_MAP)) {
            return detectMemoryType(Windows.list(windowsRoot), offset, length);
        }
        return MemoryType.DEVICE;
    }

    static MemoryType detectMemoryType(List<Window> windows, long offset, long length) {
        Optional<Window> w = Windows.containing(windows, offset);
        return w.isPresent() && w.get().contains(offset, length) && !w.get().mode().isDeviceMemory()
                ? MemoryType.CACHED : MemoryType.DEVICE;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the system page size, the granularity of mappings.
     *
     * @return the page size in bytes
     */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    private static long readPageSize() {
        long ps = LIBC.sysconf(Mman._SC_PAGESIZE).longValue();
        // A wrong value would only make mappings fail; 4 KiB is the usual size.
        return ps > 0 && (ps & (ps - 1)) == 0 ? ps : 4096;
    }

    private static VarHandle view(Class<?> arrayClass, ByteOrder order) {
        return MethodHandles.byteBufferViewVarHandle(arrayClass, order);
    }

    /** Unmaps whatever is mapped at the range; holds no reference to the Mapping. */
    private static final class Unmapper implements Runnable {
        private final long address;
        private final long length;

        Unmapper(long address, long length) {
            this.address = address;
            this.length = length;
        }

        @Override
        public void run() {
            LIBC.munmap(new Pointer(address), new NativeLong(length));
        }
    }

    // ---------------------------------------------------------------- state

    /** @return the path given to {@link #open} */
    public String path() {
        return path;
    }

    /** @return the offset given to {@link #open} (the physical address for /dev/map) */
    public long offset() {
        return offset;
    }

    /** @return the length given to {@link #open}; valid offsets are 0 to length - 1 */
    public long length() {
        return length;
    }

    /** @return the byte order of multi-byte accesses */
    public ByteOrder order() {
        return order;
    }

    /** @return the memory type that decides how bulk copies access memory */
    public MemoryType memoryType() {
        return memoryType;
    }

    /** @return true for {@link MemoryType#DEVICE} memory */
    public boolean isDeviceMemory() {
        return device;
    }

    /** @return true if mapped read-only */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return false once {@link #close()} was called */
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public String toString() {
        return String.format("Mapping[%s offset=0x%x length=0x%x %s %s%s%s]", path, offset, length,
                memoryType, order, readOnly ? " read-only" : "", closed ? " closed" : "");
    }

    /**
     * Releases the mapping. Idempotent and thread-safe; see the class comment
     * for what happens to accesses running concurrently.
     */
    @Override
    public void close() {
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
    }

    /**
     * Writes changes back to a regular file ({@code msync(MS_SYNC)}); does
     * nothing for devices, whose stores reach the hardware directly.
     *
     * @throws DevmapException if msync fails
     * @throws IllegalStateException if closed
     */
    public void force() throws DevmapException {
        ByteBuffer b = live();
        try {
            if (regularFile && !readOnly
                    && LIBC.msync(new Pointer(mapAddress), new NativeLong(mapLength), MS_SYNC) != 0) {
                throw new DevmapException("msync", Native.getLastError(), path, offset, length, null);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Returns a view of the whole mapping: a new buffer with position 0,
     * limit and capacity {@link #length()}, in this mapping's byte order (and
     * read-only if the mapping is). Its accesses are not checked for
     * alignment, and bulk operations on it use the JVM's copy routines: do
     * not use them on device memory. After {@link #close()} the view stays
     * safe to use but no longer reaches the device: reads return zeros,
     * writes are discarded.
     *
     * @return the view
     * @throws IllegalStateException if closed
     */
    public ByteBuffer asByteBuffer() {
        return live().duplicate().order(order);
    }

    // ---------------------------------------------------------------- checks

    private ByteBuffer live() {
        if (closed) {
            throw new IllegalStateException("mapping of " + path + " is closed");
        }
        return buffer;
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** Checks one access and returns the buffer index. */
    private int index(long off, int bytes, String kind) {
        if (off < 0 || off > length - bytes) {
            throw new IndexOutOfBoundsException(String.format(
                    "%d-bit %saccess at offset %s out of bounds of mapping size 0x%x",
                    bytes * 8, kind.isEmpty() ? "" : kind + " ", hex(off), length));
        }
        if (bytes > 1 && (!kind.isEmpty() || device) && ((delta + off) & (bytes - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "misaligned %d-bit %saccess at offset 0x%x (address 0x%x): %s",
                    bytes * 8, kind.isEmpty() ? "" : kind + " ", off, offset + off,
                    kind.isEmpty() ? "device memory needs natural alignment"
                            : "ordered accesses need natural alignment"));
        }
        return (int) off;
    }

    /**
     * Returns the exception that {@link #index} throws for an access that the
     * view refused (out of bounds or misaligned), for the ordered fast paths.
     */
    private RuntimeException checkFailed(long off, int bytes, String kind) {
        try {
            index(off, bytes, kind);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return e;
        }
        return new IllegalStateException(String.format(
                "%d-bit %s access at offset %s refused", bytes * 8, kind, hex(off)));
    }

    /** Checks a bulk range of {@code count} elements of {@code bytes} each. */
    private int range(long off, long count, int bytes) {
        long n = count * bytes;
        if (off < 0 || count < 0 || off > length - n) {
            throw new IndexOutOfBoundsException(String.format(
                    "%d bytes at offset %s out of bounds of mapping size 0x%x", n, hex(off), length));
        }
        if (device && bytes > 1 && ((delta + off) & (bytes - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "misaligned %d-bit bulk access at offset 0x%x (address 0x%x): "
                            + "device memory needs natural alignment",
                    bytes * 8, off, offset + off));
        }
        return (int) off;
    }

    private static void checkWidth(int bits) {
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("width must be 8, 16, 32 or 64 bits, not " + bits);
        }
    }

    /**
     * Checks that a value fits in a width, either as an unsigned or as a
     * signed number: for 8 bits, -0x80 to 0xff.
     *
     * @param bits 8, 16, 32 or 64
     * @param value the value
     * @throws IllegalArgumentException if the width is not one of those or
     *         the value does not fit, naming the value
     */
    public static void checkValue(int bits, long value) {
        checkWidth(bits);
        if (bits < 64 && (value >= 1L << bits || value < -(1L << (bits - 1)))) {
            throw new IllegalArgumentException(String.format(
                    "value %s does not fit in %d bits", hex(value), bits));
        }
    }

    private VarHandle shortHandle() {
        return bigEndian ? SHORT_BE : SHORT_LE;
    }

    // ---------------------------------------------------------------- 8 bits

    /**
     * Reads a byte.
     *
     * @param off offset in the mapping
     * @return the value
     * @throws IllegalStateException if closed
     * @throws IndexOutOfBoundsException if {@code off} is outside the mapping
     */
    public byte getByte(long off) {
        ByteBuffer b = live();
        try {
            byte v = b.get(index(off, 1, ""));
            if (device) {
                VarHandle.loadLoadFence();
            }
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a byte.
     *
     * @param off offset in the mapping
     * @param value the value
     * @throws IllegalStateException if closed
     * @throws IndexOutOfBoundsException if {@code off} is outside the mapping
     */
    public void putByte(long off, byte value) {
        ByteBuffer b = live();
        try {
            b.put(index(off, 1, ""), value);
            if (device) {
                VarHandle.storeStoreFence();
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // There is no byte-sized ByteBuffer VarHandle view: ordered byte accesses
    // are a plain access between the fences of the access mode.

    /**
     * Reads a byte with volatile semantics.
     *
     * @param off offset in the mapping
     * @return the value
     */
    public byte getByteVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 1, "volatile");
            VarHandle.fullFence();
            byte v = b.get(i);
            VarHandle.acquireFence();
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a byte with volatile semantics.
     *
     * @param off offset in the mapping
     * @param value the value
     */
    public void putByteVolatile(long off, byte value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 1, "volatile");
            VarHandle.releaseFence();
            b.put(i, value);
            VarHandle.fullFence();
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a byte with acquire semantics: later accesses are not moved before it.
     *
     * @param off offset in the mapping
     * @return the value
     */
    public byte getByteAcquire(long off) {
        ByteBuffer b = live();
        try {
            byte v = b.get(index(off, 1, "acquire"));
            VarHandle.acquireFence();
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a byte with release semantics: earlier accesses are not moved after it.
     *
     * @param off offset in the mapping
     * @param value the value
     */
    public void putByteRelease(long off, byte value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 1, "release");
            VarHandle.releaseFence();
            b.put(i, value);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 16 bits

    /**
     * Reads a 16-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public short getShort(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 2, "");
            return device ? (short) shortHandle().getOpaque(b, i) : (short) shortHandle().get(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 16-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putShort(long off, short value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 2, "");
            if (device) {
                shortHandle().setOpaque(b, i, value);
            } else {
                shortHandle().set(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 16-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @return the value
     */
    public short getShortVolatile(long off) {
        ByteBuffer b = live();
        try {
            return (short) shortHandle().getVolatile(b, index(off, 2, "volatile"));
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 16-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @param value the value
     */
    public void putShortVolatile(long off, short value) {
        ByteBuffer b = live();
        try {
            shortHandle().setVolatile(b, index(off, 2, "volatile"), value);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 16-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @return the value
     */
    public short getShortAcquire(long off) {
        ByteBuffer b = live();
        try {
            return (short) shortHandle().getAcquire(b, index(off, 2, "acquire"));
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 16-bit value with release semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @param value the value
     */
    public void putShortRelease(long off, short value) {
        ByteBuffer b = live();
        try {
            shortHandle().setRelease(b, index(off, 2, "release"), value);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 32 bits

    /**
     * Reads a 32-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public int getInt(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 4, "");
            if (device) {
                return bigEndian ? (int) INT_BE.getOpaque(b, i) : (int) INT_LE.getOpaque(b, i);
            }
            return bigEndian ? (int) INT_BE.get(b, i) : (int) INT_LE.get(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 32-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putInt(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 4, "");
            if (device) {
                (bigEndian ? INT_BE : INT_LE).setOpaque(b, i, value);
            } else if (bigEndian) {
                INT_BE.set(b, i, value);
            } else {
                INT_LE.set(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 32-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @return the value
     */
    public int getIntVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 4, "volatile");
            return bigEndian ? (int) INT_BE.getVolatile(b, i) : (int) INT_LE.getVolatile(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 32-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @param value the value
     */
    public void putIntVolatile(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 4, "volatile");
            if (bigEndian) {
                INT_BE.setVolatile(b, i, value);
            } else {
                INT_LE.setVolatile(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 32-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @return the value
     */
    public int getIntAcquire(long off) {
        ByteBuffer b = live();
        try {
            // Fast path: the view checks the bounds and the alignment of
            // ordered accesses itself; ours only runs to name the failure.
            int i = (int) off;
            if (i == off) {
                try {
                    return bigEndian ? (int) INT_BE.getAcquire(b, i) : (int) INT_LE.getAcquire(b, i);
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // reported below
                }
            }
            throw checkFailed(off, 4, "acquire");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 32-bit value with release semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @param value the value
     */
    public void putIntRelease(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    if (bigEndian) {
                        INT_BE.setRelease(b, i, value);
                    } else {
                        INT_LE.setRelease(b, i, value);
                    }
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // reported below
                }
            }
            throw checkFailed(off, 4, "release");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 64 bits

    /**
     * Reads a 64-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public long getLong(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "");
            if (device) {
                return bigEndian ? (long) LONG_BE.getOpaque(b, i) : (long) LONG_LE.getOpaque(b, i);
            }
            return bigEndian ? (long) LONG_BE.get(b, i) : (long) LONG_LE.get(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 64-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putLong(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "");
            if (device) {
                (bigEndian ? LONG_BE : LONG_LE).setOpaque(b, i, value);
            } else if (bigEndian) {
                LONG_BE.set(b, i, value);
            } else {
                LONG_LE.set(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 64-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @return the value
     */
    public long getLongVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "volatile");
            return bigEndian ? (long) LONG_BE.getVolatile(b, i) : (long) LONG_LE.getVolatile(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 64-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @param value the value
     */
    public void putLongVolatile(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "volatile");
            if (bigEndian) {
                LONG_BE.setVolatile(b, i, value);
            } else {
                LONG_LE.setVolatile(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Reads a 64-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @return the value
     */
    public long getLongAcquire(long off) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "acquire");
            return bigEndian ? (long) LONG_BE.getAcquire(b, i) : (long) LONG_LE.getAcquire(b, i);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Writes a 64-bit value with release semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @param value the value
     */
    public void putLongRelease(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = index(off, 8, "release");
            if (bigEndian) {
                LONG_BE.setRelease(b, i, value);
            } else {
                LONG_LE.setRelease(b, i, value);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- any width

    /**
     * Reads a value of a given width (plain access), zero-extended.
     *
     * @param off offset in the mapping
     * @param bits 8, 16, 32 or 64
     * @return the value, e.g. 0 to 0xff for 8 bits
     */
    public long get(long off, int bits) {
        checkWidth(bits);
        switch (bits) {
            case 8:
                return getByte(off) & 0xffL;
            case 16:
                return getShort(off) & 0xffffL;
            case 32:
                return getInt(off) & 0xffffffffL;
            default:
                return getLong(off);
        }
    }

    /**
     * Reads a value of a given width with volatile semantics, zero-extended.
     *
     * @param off offset in the mapping, aligned to the width
     * @param bits 8, 16, 32 or 64
     * @return the value, e.g. 0 to 0xff for 8 bits
     */
    public long getVolatile(long off, int bits) {
        checkWidth(bits);
        switch (bits) {
            case 8:
                return getByteVolatile(off) & 0xffL;
            case 16:
                return getShortVolatile(off) & 0xffffL;
            case 32:
                return getIntVolatile(off) & 0xffffffffL;
            default:
                return getLongVolatile(off);
        }
    }

    /**
     * Writes a value of a given width (plain access).
     *
     * @param off offset in the mapping
     * @param bits 8, 16, 32 or 64
     * @param value a value that fits the width (see {@link #checkValue})
     * @throws IllegalArgumentException if it does not; nothing is masked
     */
    public void put(long off, int bits, long value) {
        checkValue(bits, value);
        switch (bits) {
            case 8:
                putByte(off, (byte) value);
                break;
            case 16:
                putShort(off, (short) value);
                break;
            case 32:
                putInt(off, (int) value);
                break;
            default:
                putLong(off, value);
        }
    }

    /**
     * Writes a value of a given width with volatile semantics.
     *
     * @param off offset in the mapping, aligned to the width
     * @param bits 8, 16, 32 or 64
     * @param value a value that fits the width (see {@link #checkValue})
     * @throws IllegalArgumentException if it does not; nothing is masked
     */
    public void putVolatile(long off, int bits, long value) {
        checkValue(bits, value);
        switch (bits) {
            case 8:
                putByteVolatile(off, (byte) value);
                break;
            case 16:
                putShortVolatile(off, (short) value);
                break;
            case 32:
                putIntVolatile(off, (int) value);
                break;
            default:
                putLongVolatile(off, value);
        }
    }

    // ---------------------------------------------------------------- bulk
    //
    // Device memory: one access per element at the element width. Multi-byte
    // elements use opaque accesses, which the JIT neither merges nor
    // vectorizes. Bytes have no opaque view, so a store-store (load-load)
    // fence after each one keeps the JIT from merging neighbours into a wider
    // access.

    /**
     * Copies bytes from the mapping into an array.
     *
     * @param off offset in the mapping
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of bytes
     */
    public void read(long off, byte[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 1);
            if (device) {
                for (int k = 0; k < count; k++) {
                    dst[dstIndex + k] = b.get(i + k);
                    VarHandle.loadLoadFence();
                }
            } else {
                b.get(i, dst, dstIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies bytes from an array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of bytes
     */
    public void write(long off, byte[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 1);
            if (device) {
                for (int k = 0; k < count; k++) {
                    b.put(i + k, src[srcIndex + k]);
                    VarHandle.storeStoreFence();
                }
            } else {
                b.put(i, src, srcIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 16-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 2-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, short[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 2);
            if (device) {
                VarHandle h = shortHandle();
                for (int k = 0; k < count; k++) {
                    dst[dstIndex + k] = (short) h.getOpaque(b, i + 2 * k);
                }
            } else {
                b.slice(i, count * 2).order(order).asShortBuffer().get(dst, dstIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 16-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 2-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, short[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 2);
            if (device) {
                VarHandle h = shortHandle();
                for (int k = 0; k < count; k++) {
                    h.setOpaque(b, i + 2 * k, src[srcIndex + k]);
                }
            } else {
                b.slice(i, count * 2).order(order).asShortBuffer().put(src, srcIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 32-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 4-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, int[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 4);
            if (device) {
                if (bigEndian) {
                    for (int k = 0; k < count; k++) {
                        dst[dstIndex + k] = (int) INT_BE.getOpaque(b, i + 4 * k);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        dst[dstIndex + k] = (int) INT_LE.getOpaque(b, i + 4 * k);
                    }
                }
            } else {
                b.slice(i, count * 4).order(order).asIntBuffer().get(dst, dstIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 32-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 4-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, int[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 4);
            if (device) {
                if (bigEndian) {
                    for (int k = 0; k < count; k++) {
                        INT_BE.setOpaque(b, i + 4 * k, src[srcIndex + k]);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        INT_LE.setOpaque(b, i + 4 * k, src[srcIndex + k]);
                    }
                }
            } else {
                b.slice(i, count * 4).order(order).asIntBuffer().put(src, srcIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 64-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 8-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, long[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 8);
            if (device) {
                VarHandle h = bigEndian ? LONG_BE : LONG_LE;
                for (int k = 0; k < count; k++) {
                    dst[dstIndex + k] = (long) h.getOpaque(b, i + 8 * k);
                }
            } else {
                b.slice(i, count * 8).order(order).asLongBuffer().get(dst, dstIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies 64-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 8-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, long[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = live();
        try {
            int i = range(off, count, 8);
            if (device) {
                VarHandle h = bigEndian ? LONG_BE : LONG_LE;
                for (int k = 0; k < count; k++) {
                    h.setOpaque(b, i + 8 * k, src[srcIndex + k]);
                }
            } else {
                b.slice(i, count * 8).order(order).asLongBuffer().put(src, srcIndex, count);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, byte[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, byte[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, short[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, short[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, int[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, int[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, long[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, long[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Fills a range with a value repeated at a given width.
     *
     * @param off offset in the mapping; aligned to the width on device memory
     * @param byteCount number of bytes, a multiple of the width in bytes
     * @param bits 8, 16, 32 or 64
     * @param value a value that fits the width (see {@link #checkValue})
     * @throws IllegalArgumentException for a bad width, value, length or alignment
     */
    public void fill(long off, long byteCount, int bits, long value) {
        checkValue(bits, value);
        int n = bits / 8;
        if (byteCount < 0 || byteCount % n != 0) {
            throw new IllegalArgumentException(String.format(
                    "fill length %d is not a multiple of %d bytes", byteCount, n));
        }
        ByteBuffer b = live();
        try {
            int i = range(off, byteCount / n, n);
            int end = i + (int) byteCount;
            if (device) {
                for (int k = i; k < end; k += n) {
                    switch (n) {
                        case 1:
                            b.put(k, (byte) value);
                            VarHandle.storeStoreFence();
                            break;
                        case 2:
                            shortHandle().setOpaque(b, k, (short) value);
                            break;
                        case 4:
                            (bigEndian ? INT_BE : INT_LE).setOpaque(b, k, (int) value);
                            break;
                        default:
                            (bigEndian ? LONG_BE : LONG_LE).setOpaque(b, k, value);
                    }
                }
            } else {
                int chunk = (int) Math.min(byteCount, FILL_CHUNK);
                ByteBuffer pattern = ByteBuffer.allocate(chunk).order(order);
                while (pattern.hasRemaining()) {
                    switch (n) {
                        case 1:
                            pattern.put((byte) value);
                            break;
                        case 2:
                            pattern.putShort((short) value);
                            break;
                        case 4:
                            pattern.putInt((int) value);
                            break;
                        default:
                            pattern.putLong(value);
                    }
                }
                byte[] bytes = pattern.array();
                for (int k = i; k < end; k += chunk) {
                    b.put(k, bytes, 0, Math.min(chunk, end - k));
                }
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }
}
