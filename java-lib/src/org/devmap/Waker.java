// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import org.devmap.internal.FastIo;
import org.devmap.internal.LibC;
import org.devmap.internal.Poll;

/**
 * One waiting thread's side of an {@link Interrupt}: an eventfd beside the
 * handle in its poll set, and its buffers, all allocated once and kept for
 * the next waits. Used by one thread at a time; {@link #signal()} comes
 * from {@link Interrupt#close()} (under the interrupt's lock) or from the
 * {@link Thread#interrupt()} hook.
 */
final class Waker {
    private static final LibC LIBC = LibC.INSTANCE;
    /** Eight bytes holding 1: what wakes an eventfd. Never written after. */
    private static final Memory ONE = one();
    private static final NativeLong TWO_FDS = new NativeLong(2);
    private static final NativeLong FOUR = new NativeLong(4);
    private static final NativeLong EIGHT = new NativeLong(8);

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

    private static Memory one() {
        Memory m = new Memory(8);
        m.setLong(0, 1L);
        return m;
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

    /**
     * Hooks {@link Thread#interrupt()} while a thread waits: the JDK calls
     * {@link #implCloseChannel()} of the channel a thread is blocked on (for
     * platform and virtual threads), which wakes the poll. Kept by its
     * waker until an interrupt closes it for good.
     */
    static final class Blocker extends AbstractInterruptibleChannel {
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
