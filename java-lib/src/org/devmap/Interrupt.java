// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.devmap.internal.Fcntl.O_CLOEXEC;
import static org.devmap.internal.Fcntl.O_RDWR;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 *     Optional<Interrupt.Event> e = done.await(Duration.ofSeconds(1));  // empty: timed out
 * }
 * }</pre>
 *
 * <p>{@link #await(Duration)} returns an {@link Event}: the interrupt's
 * total event count since the driver requested it (32 bits, wraps) and how
 * many events this handle missed before it, wrap-safe. The first call
 * waits for the first interrupt after {@link #open}; each later one for an
 * interrupt that this handle has not reported yet. Threads sharing one
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
    private static final NativeLong FOUR = new NativeLong(4);
    /** What enable() and disable() write; never written after. */
    private static final Memory UNMASK = word(1);
    private static final Memory MASK = word(0);
    private static final long COUNT_MASK = 0xffffffffL;

    /**
     * One interrupt reported to this handle.
     *
     * @param count the interrupt's total event count since the driver
     *        requested it, 0 to 2^32-1 (32 bits, wraps)
     * @param missed the events of this interrupt that this handle did not
     *        report before this one: since its previous event, or for the
     *        first one since just before {@link #open} (0 when the count at
     *        open was not known); counted modulo 2^32, so a wrap of the
     *        count is no jump
     */
    public record Event(long count, long missed) {
    }

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
    /** The count of the last event reported (only moves forward), or -1. */
    private final AtomicLong last;

    private Interrupt(int fd, String path, String window, int index, Path sysfs, long baseline) {
        this.fd = fd;
        this.path = path;
        this.window = window;
        this.index = index;
        this.sysfs = sysfs;
        this.last = new AtomicLong(baseline);
    }

    private static Path sysfs(Path windowsRoot, String window, int index) {
        return windowsRoot.resolve(window).resolve("interrupts").resolve(Integer.toString(index));
    }

    private static Memory word(int value) {
        Memory m = new Memory(4);
        m.setInt(0, value);
        return m;
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
     * for this handle from now on. {@code /dev/map} is opened for reading
     * and writing: a handle can mask and unmask ({@link #enable()}) only
     * when it came from a descriptor open for writing.
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
        Path sysfs = sysfs(windowsRoot, window, index);
        // Before the handle exists: the first event's missed() counts
        // from here, never less than what the handle did not see.
        long baseline = baseline(sysfs);
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
        return new Interrupt(fd, dev, window, index, sysfs, baseline);
    }

    /** The count in sysfs now, or -1 when it cannot be read. */
    private static long baseline(Path sysfs) {
        try {
            return Windows.readIrq(sysfs).count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Wraps a descriptor that behaves like a handle (tests use one end of a
     * socket pair); takes ownership of it. No baseline: the first event
     * has missed() 0.
     */
    static Interrupt ofDescriptor(int fd, String path, String window, int index, Path windowsRoot) {
        return new Interrupt(fd, path, window, index, sysfs(windowsRoot, window, index), -1);
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
     * The threads inside {@link #await} now: from the moment they can be
     * woken by close() or an interrupt. Lets tests wait for a waiter
     * instead of sleeping.
     */
    int waiting() {
        lock.lock();
        try {
            return active.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for an interrupt without a time limit; see {@link #await(Duration)}.
     *
     * @return the event
     * @throws InterruptedException the thread was interrupted; the handle stays open
     * @throws AsynchronousCloseException {@link #close()} was called meanwhile
     * @throws ClosedChannelException the handle was closed before
     * @throws DevmapException the driver's errno: EIO when the device is gone
     */
    public Event await() throws IOException, InterruptedException {
        return event(await0(-1));
    }

    /**
     * Waits for an interrupt that this handle has not reported yet, at most
     * {@code timeout}.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} only looks
     *        (never blocks); rounded up to whole milliseconds
     * @return the event, or empty when the timeout passed
     * @throws InterruptedException the thread was interrupted; the handle stays open
     * @throws AsynchronousCloseException {@link #close()} was called meanwhile
     * @throws ClosedChannelException the handle was closed before
     * @throws DevmapException the driver's errno: EIO when the device is gone
     * @throws IllegalArgumentException a negative timeout
     */
    public Optional<Event> await(Duration timeout) throws IOException, InterruptedException {
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
        long count = await0(nanos);
        return count < 0 ? Optional.empty() : Optional.of(event(count));
    }

    /** The event of a count read, and the handle's last count moved forward. */
    private Event event(long count) {
        while (true) {
            long prev = last.get();
            long ahead = (count - prev) & COUNT_MASK;
            if (prev >= 0 && (ahead == 0 || ahead >= 1L << 31)) {
                // Another thread of this handle reported a later one first.
                return new Event(count, 0);
            }
            if (last.compareAndSet(prev, count)) {
                return new Event(count, prev < 0 ? 0 : ahead - 1);
            }
        }
    }

    /**
     * @param nanos the timeout, or -1 for none
     * @return the count, or -1 on timeout
     */
    private long await0(long nanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waker w = enter();
        Waker.Blocker blocker = w.blocker();
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
                return "the handle was closed, or came from /dev/map opened read-only"
                        + " (it can wait, not mask or unmask)";
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
        control(UNMASK, "irq enable");
    }

    /**
     * Masks the interrupt until {@link #enable()}; a no-op for
     * edge-triggered sources, which the kernel never masks.
     *
     * @throws DevmapException the driver's errno (EIO when the device is gone)
     * @throws ClosedChannelException the handle was closed
     */
    public void disable() throws IOException {
        control(MASK, "irq disable");
    }

    private void control(Memory word, String op) throws IOException {
        acquire();
        try {
            int n = FastIo.write(fd, word, FOUR);
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
}
