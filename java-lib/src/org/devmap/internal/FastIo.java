// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The calls of the hot paths, bound with JNA's direct mapping: a
 * {@code native} method per call instead of {@link LibC}'s interface proxy,
 * whose reflective dispatch cost several microseconds per call under QEMU's
 * TCG and about one natively: an interrupt wait ({@code poll}, {@code read}),
 * enable/disable ({@code write}) and a DMA sync ({@code ioctl}). After a
 * failed call, {@link Native#getLastError()} gives errno.
 *
 * <p>Returns are declared {@code int}: the values are -1 to 8, the low
 * bits of {@code ssize_t} on every ABI; arguments keep their C widths
 * ({@code size_t}, {@code nfds_t} and the request of {@code ioctl} as
 * {@link NativeLong}).
 */
public final class FastIo {
    static {
        Native.register(FastIo.class, NativeLibrary.getProcess());
    }

    private FastIo() {
    }

    /**
     * Waits for one of a set of file descriptors to become ready.
     *
     * @param fds an array of {@code struct pollfd} ({@link Poll#SIZE} bytes each)
     * @param nfds the number of entries ({@code nfds_t}, an unsigned long)
     * @param timeout milliseconds; -1 waits forever, 0 returns at once
     * @return the number of entries with events, 0 on timeout, or -1 with
     *         errno set (EINTR when a signal arrived first)
     */
    public static native int poll(Pointer fds, NativeLong nfds, int timeout);

    /**
     * Reads up to {@code count} bytes from a file descriptor.
     *
     * @param fd the descriptor
     * @param buf where the bytes go
     * @param count 4 for an interrupt handle, 8 for an eventfd
     * @return the number of bytes read, 0 at end of file, or -1 with errno
     *         set (EAGAIN on a non-blocking descriptor with nothing to read,
     *         EIO when the interrupt's device is gone, EBADF when the handle
     *         was closed while waiting)
     */
    public static native int read(int fd, Pointer buf, NativeLong count);

    /**
     * Writes up to {@code count} bytes to a file descriptor.
     *
     * @param fd the descriptor
     * @param buf the bytes
     * @param count 4 for a handle, 8 for an eventfd
     * @return the number of bytes written, or -1 with errno set
     */
    public static native int write(int fd, Pointer buf, NativeLong count);

    /**
     * Controls a device. Variadic in C; the third argument is always a
     * pointer here, which the Linux ABIs pass like a fixed argument.
     *
     * @param fd the descriptor
     * @param request the request number, e.g. {@link DevmapIoctl#IOC_SYNC}
     * @param arg the argument structure
     * @return 0 (or a positive value) on success, or -1 with errno set
     */
    public static native int ioctl(int fd, NativeLong request, Pointer arg);

    /**
     * {@link #ioctl(int, NativeLong, Pointer)} with primitive arguments
     * only, for LP64 systems ({@link Native#LONG_SIZE} 8), where C's
     * {@code unsigned long} and pointers are 64 bits like a Java
     * {@code long}: JNA then converts nothing (a {@link NativeLong} costs a
     * call back into Java, a {@link Pointer} a field read through JNI, on
     * every call, which shows under emulation). Never on ILP32 systems.
     *
     * <p>Failures throw instead of setting {@link Native#getLastError()}:
     * JNA then checks errno only for this call, where preserving it for
     * {@code getLastError} costs a call back into Java after every call,
     * successful or not (which shows under emulation too).
     *
     * @param fd the descriptor
     * @param request the request number
     * @param arg the address of the argument structure, which must stay
     *        allocated during the call
     * @return 0 (or a positive value) on success
     * @throws LastErrorException with errno when the call fails
     */
    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;
}
