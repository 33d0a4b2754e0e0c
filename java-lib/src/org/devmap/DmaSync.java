// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.devmap.internal.DevmapIoctl;
import org.devmap.internal.FastIo;
import org.devmap.internal.ForeignIoctl;
import org.devmap.internal.LibC;

/**
 * The {@code DEVMAP_IOC_SYNC} calls of a device {@link Region}: the
 * descriptor the range was mapped from, kept open for them, and one
 * request structure allocated once. A call is a few plain stores into the
 * request and one ioctl: through {@code java.lang.foreign} where the JVM
 * allows it ({@link ForeignIoctl}: JDK 22+ with native access enabled),
 * else bound with JNA's direct mapping ({@link FastIo}). No open, no
 * allocation, no proxy, and on 64-bit systems no conversion and no call
 * back into Java on success.
 *
 * <p>Calls on one mapping take turns (they share the request); a lock,
 * not a monitor, so that a virtual thread in the ioctl does not pin its
 * carrier. {@link #close()} waits for a running call before it closes
 * the descriptor, so the number is never reused under a call.
 */
final class DmaSync {
    private static final NativeLong REQUEST = new NativeLong(DevmapIoctl.IOC_SYNC);
    /** The request as C's unsigned long is a Java long: no conversion per call. */
    private static final boolean LP64 = Native.LONG_SIZE == 8;

    private final String path;
    private final boolean readOnly;
    /** Shared with the region's cleaner, which closes it if close() never ran. */
    private final AtomicInteger fd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Memory request = new Memory(DevmapIoctl.SYNC_SIZE);
    /** A view of {@link #request}: plain stores, no JNI call per field. */
    private final ByteBuffer view = request.getByteBuffer(0, DevmapIoctl.SYNC_SIZE)
            .order(ByteOrder.nativeOrder());
    /** The request's address, for the LP64 binding (request stays reachable: a field). */
    private final long requestAddress = Pointer.nativeValue(request);
    /** errno of the foreign call, or null where JNA makes the calls. */
    private final Object callState = ForeignIoctl.enabled() ? ForeignIoctl.newState() : null;

    DmaSync(String path, boolean readOnly, AtomicInteger fd) {
        this.path = path;
        this.readOnly = readOnly;
        this.fd = fd;
        // flags stays 0: none are defined.
        request.clear();
    }

    /**
     * True for the syncs that invalidate CPU caches, which the driver
     * allows only on a descriptor open for writing: all but for-device
     * to-device or bidirectional, which only write back.
     */
    static boolean invalidates(boolean forDevice, DmaDirection dir) {
        return !forDevice || dir == DmaDirection.FROM_DEVICE;
    }

    /** One ioctl over [address, address + len); the range is checked. */
    void sync(boolean forDevice, DmaDirection dir, long address, long len) throws DevmapException {
        String op = forDevice ? "sync for device" : "sync for cpu";
        if (readOnly && invalidates(forDevice, dir)) {
            // What the driver answers; said before the call, and why.
            throw new DevmapException(op, Errno.EBADF, path, address, len, dir.word()
                    + " invalidates CPU caches and needs a mapping opened for writing"
                    + " (this one is read-only)");
        }
        int rc;
        int errno;
        lock.lock();
        try {
            int f = fd.get();
            if (f < 0) {
                throw new IllegalStateException("mapping of " + path + " is closed");
            }
            view.putLong(DevmapIoctl.SYNC_ADDR, address);
            view.putLong(DevmapIoctl.SYNC_LEN, len);
            view.putInt(DevmapIoctl.SYNC_OP,
                    forDevice ? DevmapIoctl.SYNC_FOR_DEVICE : DevmapIoctl.SYNC_FOR_CPU);
            view.putInt(DevmapIoctl.SYNC_DIR, dir.code());
            if (callState != null) {
                rc = ForeignIoctl.ioctl(callState, f, DevmapIoctl.IOC_SYNC, requestAddress);
                errno = rc < 0 ? ForeignIoctl.errno(callState) : 0;
            } else if (LP64) {
                try {
                    rc = FastIo.ioctl(f, DevmapIoctl.IOC_SYNC, requestAddress);
                    errno = 0;
                } catch (LastErrorException e) {
                    rc = -1;
                    errno = e.getErrorCode();
                }
            } else {
                rc = FastIo.ioctl(f, REQUEST, request);
                errno = rc < 0 ? Native.getLastError() : 0;
            }
        } finally {
            lock.unlock();
        }
        if (rc < 0) {
            throw new DevmapException(op, errno, path, address, len, detail(errno, dir));
        }
    }

    private static String detail(int errno, DmaDirection dir) {
        switch (errno) {
            case Errno.ENOTTY:
                return "not a devmap device, or a driver older than 0.3";
            case Errno.EBADF:
                return dir.word() + " invalidates CPU caches and needs /dev/map open for writing";
            default:
                return dir.word();
        }
    }

    /** Closes the descriptor once no call runs; idempotent. */
    void close() {
        lock.lock();
        try {
            close(fd);
        } finally {
            lock.unlock();
        }
    }

    /** Closes a shared descriptor once, whoever comes first. */
    static void close(AtomicInteger fd) {
        int f = fd.getAndSet(-1);
        if (f >= 0) {
            LibC.INSTANCE.close(f);
        }
    }
}
