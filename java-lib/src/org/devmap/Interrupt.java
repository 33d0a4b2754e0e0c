// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.devmap.internal.Fcntl.O_CLOEXEC;
import static org.devmap.internal.Fcntl.O_RDWR;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.devmap.internal.DevmapIoctl;
import org.devmap.internal.FastIo;
import org.devmap.internal.LibC;
import org.devmap.internal.Poll;

/**
 * One interrupt of a {@code /dev/map} window: a handle from the driver's
 * {@code DEVMAP_IOC_IRQ_OPEN}, waited on with {@code poll} and {@code read}
 * (JNA), re-enabled with {@code write}.
 *
 * <pre>{@code
 * try (Interrupt done = Interrupt.open(Path.of("/dev/map"), "fpga", 0)) {
 *     long count = done.await(Duration.ofSeconds(1));   // -1: timed out
 * }
 * }</pre>
 *
 * <p>{@link #await(Duration)} returns the interrupt's total event count
 * since the driver requested it (32 bits, wraps): a jump of more than one
 * since the previous call means missed interrupts. The first call waits for
 * the first interrupt after {@link #open}; each later one for an interrupt
 * that this handle has not reported yet. Threads sharing one
 * {@code Interrupt} share its events (each goes to one of them); open one
 * per waiter to have every waiter see every event.
 *
 * <p>Level-triggered sources (PCI INTx, device-tree level lines, see
 * {@link Window.Irq#levelTriggered()}) are masked by the kernel at each
 * interrupt: acknowledge the device (a register write), then call
 * {@link #enable()}. For edge-triggered sources (MSI-X, MSI, edge lines)
 * {@code enable()} does nothing, so the same loop works for every source.
 *
 * <p>A waiting thread can be ended in two ways, and the handle never hangs:
 * <ul>
 * <li>{@link Thread#interrupt()}: {@code await} throws
 *     {@link InterruptedException} (the interrupt status is cleared, as
 *     {@code Thread.sleep} does); the handle stays open and an event that
 *     arrived meanwhile is reported by the next call.
 * <li>{@link #close()} from another thread: {@code await} throws
 *     {@link AsynchronousCloseException}. The descriptor is closed only once
 *     the last waiter has left, so it can never be reused under a waiter.
 * </ul>
 * After {@code close()}, calls throw {@link ClosedChannelException} (the
 * parent of {@code AsynchronousCloseException}). Driver errors are a
 * {@link DevmapException} with the errno, naming the window and the index:
 * {@code EIO} once the device is gone (unbound, window removed).
 *
 * <p>Works from platform and virtual threads: no monitor is held around the
 * wait. A virtual thread occupies its carrier thread while it waits (the
 * wait is a native call), as it does in file I/O.
 */
public final class Interrupt implements AutoCloseable {

    private static final LibC LIBC = LibC.INSTANCE;
    /** Eight bytes holding 1: what wakes a waiter's eventfd. Never written after. */
    private static final Memory ONE = one();
    private static final NativeLong TWO_FDS = new NativeLong(2);
    private static final NativeLong FOUR = new NativeLong(4);
    private static final NativeLong EIGHT = new NativeLong(8);

    private final String path;
    private final String window;
    private final int index;
    private final Path sysfs;
    private final int fd;

    private final ReentrantLock lock = new ReentrantLock();
    /** Written under {@link #lock}: no new call may start. */
    private volatile boolean closed;
    /** Guarded by {@link #lock}: calls that use {@link #fd} now. */
    private int users;
    /** Guarded by {@link #lock}: the wakers of the threads waiting now. */
    private final Set<Waker> active = new HashSet<>();
    /** Guarded by {@link #lock}: wakers kept for the next calls. */
    private final ArrayDeque<Waker> idle = new ArrayDeque<>();

    private Interrupt(int fd, String path, String window, int index, Path windowsRoot) {
        this.fd = fd;
        this.path = path;
        this.window = window;
        this.index = index;
        this.sysfs = windowsRoot.resolve(window).resolve("interrupts").resolve(Integer.toString(index));
    }

    /**
     * Opens interrupt {@code index} of {@code window}; see
     * {@link #open(Path, String, int, Path)}.
     *
     * @param device {@code /dev/map}
     * @param window the window's name, as in {@link Window#name()}
     * @param index which of its interrupts, from 0 ({@link Window.Irq#index()})
     * @return the open handle
     * @throws DevmapException ENOENT unknown window, ENODEV no such interrupt,
     *         ENOTTY not a devmap device, or open's errno
     * @throws IllegalArgumentException a name that no window can have, or a
     *         negative index
     */
    public static Interrupt open(Path device, String window, int index) throws IOException {
        return open(device, window, index, Windows.DEFAULT_ROOT);
    }

    /**
     * Opens interrupt {@code index} of {@code window}. Events are counted
     * for this handle from now on.
     *
     * @param device {@code /dev/map}
     * @param window the window's name, as in {@link Window#name()}
     * @param index which of its interrupts, from 0 ({@link Window.Irq#index()})
     * @param windowsRoot the sysfs windows directory, for {@link #count()}
     *        and {@link #describe()} (default {@link Windows#DEFAULT_ROOT})
     * @return the open handle
     * @throws DevmapException ENOENT unknown window, ENODEV no such interrupt,
     *         ENOTTY not a devmap device, or open's errno
     * @throws IllegalArgumentException a name that no window can have, or a
     *         negative index
     */
    public static Interrupt open(Path device, String window, int index, Path windowsRoot)
            throws IOException {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(windowsRoot, "windowsRoot");
        byte[] name = checkName(window);
        if (index < 0) {
            throw new IllegalArgumentException("bad interrupt index " + index + ": negative");
        }
        String dev = device.toString();
        String target = target(window, index);
        int mapfd = LIBC.open(dev, O_RDWR | O_CLOEXEC);
        if (mapfd < 0) {
            throw new DevmapException("open", Native.getLastError(), dev, target, null);
        }
        int fd;
        int errno;
        try (Memory o = new Memory(DevmapIoctl.IRQ_OPEN_SIZE)) {
            o.clear();
            o.write(DevmapIoctl.IRQ_OPEN_WINDOW, name, 0, name.length);
            o.setInt(DevmapIoctl.IRQ_OPEN_INDEX, index);
            // Non-blocking: several threads may poll one handle, and the one
            // that loses the read must get EAGAIN, not block where no close
            // can wake it.
            o.setInt(DevmapIoctl.IRQ_OPEN_FLAGS, O_CLOEXEC | Poll.O_NONBLOCK);
            fd = LIBC.ioctl(mapfd, new NativeLong(DevmapIoctl.IOC_IRQ_OPEN), o);
            errno = Native.getLastError();
        } finally {
            LIBC.close(mapfd);
        }
        if (fd < 0) {
            throw new DevmapException("irq open", errno, dev, target, openDetail(errno, window, index));
        }
        return new Interrupt(fd, dev, window, index, windowsRoot);
    }

    /**
     * Wraps a descriptor that behaves like a handle (tests use one end of a
     * socket pair); takes ownership of it.
     */
    static Interrupt ofDescriptor(int fd, String path, String window, int index, Path windowsRoot) {
        return new Interrupt(fd, path, window, index, windowsRoot);
    }

    private static byte[] checkName(String window) {
        Objects.requireNonNull(window, "window");
        byte[] b = window.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > DevmapIoctl.IRQ_NAME_MAX || window.indexOf('/') >= 0
                || window.indexOf('\0') >= 0 || window.equals(".") || window.equals("..")) {
            throw new IllegalArgumentException("bad window name '" + window + "': 1 to "
                    + DevmapIoctl.IRQ_NAME_MAX + " bytes, no '/' or NUL");
        }
        return b;
    }

    private static String target(String window, int index) {
        return "window=" + window + " index=" + index;
    }

    private static String openDetail(int errno, String window, int index) {
        switch (errno) {
            case Errno.ENOENT:
                return "no window '" + window + "' (see 'devmap info')";
            case Errno.ENODEV:
                return "window '" + window + "' has no interrupt " + index;
            case Errno.ENOTTY:
                return "not /dev/map, or a driver without interrupts";
            default:
                return null;
        }
    }

    private String target() {
        return target(window, index);
    }

    /** @return the window's name */
    public String window() {
        return window;
    }

    /** @return the interrupt's index in its window */
    public int index() {
        return index;
    }

    /** @return false once {@link #close()} was called */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Waits for an interrupt without a time limit; see {@link #await(Duration)}.
     *
     * @return the interrupt's total event count, 0 to 2^32-1
     * @throws InterruptedException the thread was interrupted; the handle stays open
     * @throws AsynchronousCloseException {@link #close()} was called meanwhile
     * @throws ClosedChannelException the handle was closed before
     * @throws DevmapException the driver's errno: EIO when the device is gone
     */
    public long await() throws IOException, InterruptedException {
        return await0(-1);
    }

    /**
     * Waits for an interrupt that this handle has not reported yet, at most
     * {@code timeout}.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} only looks
     *        (never blocks); rounded up to whole milliseconds
     * @return the interrupt's total event count since the driver requested
     *         it, 0 to 2^32-1 (32 bits, wraps), or -1 when the timeout passed
     * @throws InterruptedException the thread was interrupted; the handle stays open
     * @throws AsynchronousCloseException {@link #close()} was called meanwhile
     * @throws ClosedChannelException the handle was closed before
     * @throws DevmapException the driver's errno: EIO when the device is gone
     * @throws IllegalArgumentException a negative timeout
     */
    public long await(Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("bad timeout " + timeout + ": negative");
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = -1; // beyond 292 years: forever
        }
        return await0(nanos);
    }

    /** @param nanos the timeout, or -1 for none */
    private long await0(long nanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waker w = enter();
        Blocker blocker = w.blocker();
        try {
            long deadline = System.nanoTime() + Math.max(nanos, 0);
            while (true) {
                int ms = nanos < 0 ? -1 : millisUntil(deadline);
                int n;
                int errno;
                blocker.enter();
                try {
                    n = w.poll(ms);
                    errno = Native.getLastError();
                } finally {
                    try {
                        blocker.leave();
                    } catch (ClosedByInterruptException e) {
                        w.dirty = true;
                        // The pending event, if any, stays for the next call.
                        Thread.interrupted();
                        throw new InterruptedException();
                    }
                }
                if (w.wokenUp()) {
                    w.dirty = true;
                }
                if (closed) {
                    throw new AsynchronousCloseException();
                }
                if (n < 0) {
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw new DevmapException("irq wait", errno, path, target(), "poll");
                }
                if (n == 0 || !w.handleReady()) {
                    if (nanos >= 0 && deadline - System.nanoTime() <= 0) {
                        return -1;
                    }
                    continue;
                }
                long count = w.read(fd);
                if (count >= 0) {
                    return count;
                }
                errno = (int) -count;
                if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                    // Another thread read this event first.
                    continue;
                }
                throw new DevmapException("irq wait", errno, path, target(), waitDetail(errno));
            }
        } finally {
            leave(w);
        }
    }

    private static String waitDetail(int errno) {
        switch (errno) {
            case Errno.EIO:
                return "the device is gone (unbound or removed)";
            case Errno.EBADF:
                return "the handle was closed";
            default:
                return null;
        }
    }

    private static int millisUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /**
     * Re-enables (unmasks) the interrupt: after acknowledging a
     * level-triggered device; a no-op for edge-triggered sources.
     *
     * @throws DevmapException the driver's errno (EIO when the device is gone)
     * @throws ClosedChannelException the handle was closed
     */
    public void enable() throws IOException {
        control(1, "irq enable");
    }

    /**
     * Masks the interrupt until {@link #enable()}; a no-op for
     * edge-triggered sources, which the kernel never masks.
     *
     * @throws DevmapException the driver's errno (EIO when the device is gone)
     * @throws ClosedChannelException the handle was closed
     */
    public void disable() throws IOException {
        control(0, "irq disable");
    }

    private void control(int value, String op) throws IOException {
        acquire();
        try (Memory m = new Memory(4)) {
            m.setInt(0, value);
            int n = FastIo.write(fd, m, FOUR);
            if (n != 4) {
                int errno = n < 0 ? Native.getLastError() : Errno.EIO;
                throw new DevmapException(op, errno, path, target(), waitDetail(errno));
            }
        } finally {
            release();
        }
    }

    /**
     * The interrupt's total event count from sysfs ({@code count}), as
     * every handle sees it.
     *
     * @return the count, unsigned
     * @throws IOException the file is missing (window gone) or not a number
     */
    public long count() throws IOException {
        return Windows.readIrq(sysfs).count();
    }

    /**
     * The interrupt as sysfs describes it now: Linux irq number, source,
     * trigger, count, masked.
     *
     * @return the description
     * @throws IOException the files are missing (window gone) or malformed
     */
    public Window.Irq describe() throws IOException {
        return Windows.readIrq(sysfs);
    }

    /**
     * Closes the handle; idempotent. Threads waiting in {@link #await} wake
     * up with {@link AsynchronousCloseException}; the descriptor is closed
     * when the last of them has left.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // Under the lock: a waker is freed only under it too.
            for (Waker w : active) {
                w.signal();
            }
            if (users == 0) {
                closeDescriptors();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Holds {@link #fd} for a call; ClosedChannelException once closed. */
    private void acquire() throws ClosedChannelException {
        lock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            users++;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            if (--users == 0 && closed) {
                closeDescriptors();
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #acquire()} and a waker that {@link #close()} can signal. */
    private Waker enter() throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            Waker w = idle.poll();
            if (w == null) {
                w = new Waker(fd, path, target());
            }
            active.add(w);
            users++;
            return w;
        } finally {
            lock.unlock();
        }
    }

    private void leave(Waker w) {
        if (w.dirty) {
            w.drain();
        }
        lock.lock();
        try {
            active.remove(w);
            if (closed) {
                w.free();
            } else {
                idle.push(w);
            }
            if (--users == 0 && closed) {
                closeDescriptors();
            }
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held, once closed and unused. */
    private void closeDescriptors() {
        LIBC.close(fd);
        for (Waker w : idle) {
            w.free();
        }
        idle.clear();
    }

    private static Memory one() {
        Memory m = new Memory(8);
        m.setLong(0, 1L);
        return m;
    }

    /**
     * One waiting thread's eventfd, beside the handle in its poll set, and
     * its buffers. Used by one thread at a time; signalled under the lock.
     */
    private static final class Waker {
        private final int efd;
        private final Memory fds = new Memory(2L * Poll.SIZE);
        private final Memory buf = new Memory(8);
        /** Views of fds and buf: plain loads, no JNI call per field. */
        private final ByteBuffer fdsView = fds.getByteBuffer(0, fds.size()).order(ByteOrder.nativeOrder());
        private final ByteBuffer bufView = buf.getByteBuffer(0, buf.size()).order(ByteOrder.nativeOrder());
        /** Reused until an interrupt closes it. */
        private Blocker blocker;
        /** The eventfd may hold a count: drain it before the next use. */
        boolean dirty;

        /** The poll set {handle, eventfd}; poll() overwrites only the revents. */
        Waker(int fd, String path, String target) throws DevmapException {
            efd = LIBC.eventfd(0, Poll.EFD_CLOEXEC | Poll.EFD_NONBLOCK);
            if (efd < 0) {
                throw new DevmapException("eventfd", Native.getLastError(), path, target, null);
            }
            fds.clear();
            fds.setInt(Poll.FD, fd);
            fds.setShort(Poll.EVENTS, Poll.POLLIN);
            fds.setInt(Poll.SIZE + Poll.FD, efd);
            fds.setShort(Poll.SIZE + Poll.EVENTS, Poll.POLLIN);
        }

        Blocker blocker() {
            if (blocker == null || !blocker.isOpen()) {
                blocker = new Blocker(this);
            }
            return blocker;
        }

        int poll(int ms) {
            return FastIo.poll(fds, TWO_FDS, ms);
        }

        /** Readable, or an error or hang-up that read will report. */
        boolean handleReady() {
            return fdsView.getShort(Poll.REVENTS) != 0;
        }

        boolean wokenUp() {
            return fdsView.getShort(Poll.SIZE + Poll.REVENTS) != 0;
        }

        /** The count, or -errno (EIO for a short read or end of file). */
        long read(int fd) {
            int n = FastIo.read(fd, buf, FOUR);
            if (n == 4) {
                return bufView.getInt(0) & 0xffffffffL;
            }
            return n < 0 ? -Native.getLastError() : -Errno.EIO;
        }

        void signal() {
            FastIo.write(efd, ONE, EIGHT);
        }

        void drain() {
            FastIo.read(efd, buf, EIGHT);
            dirty = false;
        }

        void free() {
            LIBC.close(efd);
            fds.close();
            buf.close();
        }
    }

    /**
     * Hooks {@link Thread#interrupt()} while a thread waits: the JDK calls
     * {@link #implCloseChannel()} of the channel a thread is blocked on (for
     * platform and virtual threads), which wakes the poll. Kept by its
     * waker until an interrupt closes it for good.
     */
    private static final class Blocker extends AbstractInterruptibleChannel {
        private final Waker waker;

        Blocker(Waker waker) {
            this.waker = waker;
        }

        void enter() {
            begin();
        }

        void leave() throws AsynchronousCloseException {
            end(true);
        }

        @Override
        protected void implCloseChannel() {
            waker.signal();
        }
    }
}
