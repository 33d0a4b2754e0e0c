// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link Interrupt} against one end of a Unix socket pair standing in for the
 * driver's handle: the test writes 4-byte counts into the other end, reads
 * what enable/disable write, and closes it to play "device gone". The real
 * driver is covered by {@code InterruptDeviceTest} in the QEMU guests.
 */
public class InterruptTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The few calls the test needs beside the library's own binding. */
    public interface TestLibC extends Library {
        TestLibC INSTANCE = Native.load((String) null, TestLibC.class);

        int socketpair(int domain, int type, int protocol, int[] sv);

        NativeLong write(int fd, Pointer buf, NativeLong count);

        NativeLong read(int fd, Pointer buf, NativeLong count);

        int close(int fd);

        int fcntl(int fd, int cmd, int arg);
    }

    private static final TestLibC C = TestLibC.INSTANCE;
    /** fcntl's F_SETFL and O_NONBLOCK (Linux x86_64 and arm64). */
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;
    private static final Duration LONG = Duration.ofSeconds(10);

    private int peer = -1;
    private Interrupt irq;
    private Path root;

    @Before
    public void pair() throws IOException {
        int[] sv = new int[2];
        assertEquals("socketpair: errno " + Native.getLastError(), 0, C.socketpair(1, 1, 0, sv));
        // The handle's end non-blocking like a real handle (Interrupt.open
        // asks O_NONBLOCK): of two waiters woken by one event, the one that
        // reads second gets EAGAIN and polls again instead of blocking in
        // read(), where close() cannot reach it. The peer's end blocks.
        assertEquals("fcntl: errno " + Native.getLastError(), 0, C.fcntl(sv[0], F_SETFL, O_NONBLOCK));
        peer = sv[1];
        root = tmp.newFolder("windows").toPath();
        irq = Interrupt.ofDescriptor(sv[0], "/dev/map", "fpga", 0, root);
    }

    @After
    public void closeAll() {
        irq.close();
        if (peer >= 0) {
            C.close(peer);
        }
    }

    private void ring(int count) {
        try (Memory m = new Memory(4)) {
            m.setInt(0, count);
            assertEquals(4, C.write(peer, m, new NativeLong(4)).intValue());
        }
    }

    /** What the handle wrote: blocks until 4 bytes or end of file (-1). */
    private long peerRead() {
        try (Memory m = new Memory(4)) {
            long n = C.read(peer, m, new NativeLong(4)).longValue();
            return n == 4 ? m.getInt(0) & 0xffffffffL : -1;
        }
    }

    /** Runs await() on a new platform thread; its result or exception lands in the queue. */
    private Thread waiter(Interrupt i, BlockingQueue<Object> results) {
        Thread t = new Thread(() -> results.add(awaitResult(i)), "waiter");
        t.start();
        return t;
    }

    /** The count of an event, or -1 for none (a timeout). */
    static long c(Optional<Interrupt.Event> e) {
        return e.map(Interrupt.Event::count).orElse(-1L);
    }

    /**
     * Until {@code n} threads are inside await() (where close() and
     * interrupt() reach them), at most {@link #LONG}: a deadline, not a
     * guess of how long a thread takes to start.
     */
    static void awaitWaiters(Interrupt i, int n) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        while (i.waiting() != n) {
            assertTrue("waiters: " + i.waiting() + ", want " + n, System.nanoTime() - end < 0);
            Thread.sleep(1);
        }
    }

    private static Object awaitResult(Interrupt i) {
        try {
            return i.await().count();
        } catch (IOException | InterruptedException | RuntimeException e) {
            return e;
        }
    }

    @Test
    public void returnsTheCountOfEachEvent() throws Exception {
        ring(1);
        assertEquals(1, c(irq.await(LONG)));
        ring(4);
        ring(0xfffffffe);
        assertEquals("a jump: missed events", 4, c(irq.await(LONG)));
        assertEquals("unsigned 32 bits", 0xfffffffeL, c(irq.await(Duration.ZERO)));
    }

    @Test
    public void missedCountsTheJumpAcrossTheWrap() throws Exception {
        ring(7);
        assertEquals("no baseline: the first event misses nothing",
                new Interrupt.Event(7, 0), irq.await(LONG).orElseThrow());
        ring(8);
        assertEquals(new Interrupt.Event(8, 0), irq.await());
        ring(11);
        assertEquals(new Interrupt.Event(11, 2), irq.await());
        ring(0x7fffffff);
        assertEquals(new Interrupt.Event(0x7fffffffL, 0x7fffffffL - 12), irq.await());
        ring(0xfffffffe);
        assertEquals(new Interrupt.Event(0xfffffffeL, 0x7ffffffeL), irq.await());
        ring(1);
        assertEquals("0xffffffff and 0 missed across the wrap", new Interrupt.Event(1, 2), irq.await());
        ring(1);
        assertEquals("the same count again (another thread's): nothing missed",
                new Interrupt.Event(1, 0), irq.await());
    }

    @Test
    public void timesOut() throws Exception {
        long t0 = System.nanoTime();
        assertEquals(-1, c(irq.await(Duration.ofMillis(150))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("returned after " + ms + " ms", ms >= 140);
        assertEquals("zero only looks", -1, c(irq.await(Duration.ZERO)));
        assertEquals(-1, c(irq.await(Duration.ofNanos(1))));
        assertThrows(IllegalArgumentException.class, () -> irq.await(Duration.ofMillis(-1)));
        ring(9);
        assertEquals(9, c(irq.await(Duration.ofDays(365_000_000L * 1000))));
    }

    @Test
    public void enableAndDisableWriteOneAndZero() throws Exception {
        irq.enable();
        assertEquals(1, peerRead());
        irq.disable();
        assertEquals(0, peerRead());
    }

    @Test(timeout = 20_000)
    public void closeWakesTheWaiterAndThenClosesTheDescriptor() throws Exception {
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(2);
        Thread t = waiter(irq, results);
        awaitWaiters(irq, 1);
        assertNull("still waiting", results.peek());
        long t0 = System.nanoTime();
        irq.close();
        Object r = results.poll(5, TimeUnit.SECONDS);
        assertTrue("woke with " + r, r instanceof AsynchronousCloseException);
        assertTrue("within a second", System.nanoTime() - t0 < 1_000_000_000L);
        t.join();
        assertEquals("the handle's descriptor is closed: end of file", -1, peerRead());
        assertFalse(irq.isOpen());
        assertThrows(ClosedChannelException.class, () -> irq.await(LONG));
        assertThrows(ClosedChannelException.class, () -> irq.enable());
        irq.close();
    }

    @Test(timeout = 20_000)
    public void interruptEndsTheWaitAndKeepsTheHandle() throws Exception {
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(2);
        Thread t = waiter(irq, results);
        awaitWaiters(irq, 1);
        t.interrupt();
        Object r = results.poll(5, TimeUnit.SECONDS);
        assertTrue("woke with " + r, r instanceof InterruptedException);
        t.join();
        assertTrue(irq.isOpen());
        ring(3);
        assertEquals(3, c(irq.await(LONG)));
    }

    @Test
    public void anInterruptedThreadDoesNotWait() throws Exception {
        ring(2);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> irq.await(LONG));
        assertFalse("the status is cleared", Thread.currentThread().isInterrupted());
        assertEquals("the event stayed", 2, c(irq.await(LONG)));
    }

    @Test(timeout = 20_000)
    public void oneEventGoesToOneOfTwoWaiters() throws Exception {
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(4);
        Thread a = waiter(irq, results);
        Thread b = waiter(irq, results);
        awaitWaiters(irq, 2);
        ring(7);
        assertEquals(7L, results.poll(5, TimeUnit.SECONDS));
        // The winner left await() before it queued its result.
        awaitWaiters(irq, 1);
        assertNull("the other one still waits", results.peek());
        irq.close();
        // The other one ends too: AsynchronousCloseException if it was in
        // poll, ClosedChannelException (its superclass) if a slow board
        // only started it after the close.
        Object r = results.poll(5, TimeUnit.SECONDS);
        assertTrue("the other waiter ended with " + r, r instanceof ClosedChannelException);
        a.join();
        b.join();
    }

    @Test(timeout = 20_000)
    public void deviceGoneIsEio() throws Exception {
        C.close(peer);
        peer = -1;
        DevmapException e = assertThrows(DevmapException.class, () -> irq.await(LONG));
        assertEquals(Errno.EIO, e.errno());
        assertEquals("irq wait", e.operation());
        assertTrue(e.getMessage(), e.getMessage().contains("window=fpga index=0: EIO"));
    }

    @Test(timeout = 60_000)
    public void worksFromVirtualThreads() throws Exception {
        assumeTrue("virtual threads need Java 21+, this is " + Runtime.version().feature(),
                Runtime.version().feature() >= 21);
        Method ofVirtual = Thread.class.getMethod("ofVirtual");
        Object builder = ofVirtual.invoke(null);
        // Through the public interface Thread.Builder: its class is internal.
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(2);
        Thread v = (Thread) start.invoke(builder, (Runnable) () -> results.add(awaitResult(irq)));
        awaitWaiters(irq, 1);
        ring(5);
        assertEquals(5L, results.poll(5, TimeUnit.SECONDS));
        v.join();
        v = (Thread) start.invoke(builder, (Runnable) () -> results.add(awaitResult(irq)));
        awaitWaiters(irq, 1);
        v.interrupt();
        Object r = results.poll(5, TimeUnit.SECONDS);
        assertTrue("woke with " + r, r instanceof InterruptedException);
        v.join();
        v = (Thread) start.invoke(builder, (Runnable) () -> results.add(awaitResult(irq)));
        awaitWaiters(irq, 1);
        irq.close();
        r = results.poll(5, TimeUnit.SECONDS);
        assertTrue("woke with " + r, r instanceof AsynchronousCloseException);
    }

    @Test
    public void countAndDescriptionComeFromSysfs() throws Exception {
        Path d = Files.createDirectories(root.resolve("fpga/interrupts/0"));
        Files.writeString(d.resolve("irq"), "45\n");
        Files.writeString(d.resolve("source"), "msi-x\n");
        Files.writeString(d.resolve("trigger"), "edge\n");
        Files.writeString(d.resolve("count"), "4294967295\n");
        Files.writeString(d.resolve("masked"), "0\n");
        assertEquals(0xffffffffL, irq.count());
        assertEquals(new Window.Irq(0, 45, Window.Irq.Source.MSI_X, Window.Irq.Trigger.EDGE, 0xffffffffL, false),
                irq.describe());
        assertFalse(irq.describe().levelTriggered());
    }

    @Test
    public void openErrorsNameTheWindowAndIndex() throws IOException {
        Path file = tmp.newFile("mem").toPath();
        DevmapException e = assertThrows(DevmapException.class, () -> Interrupt.open(file, "fpga", 2));
        assertEquals(Errno.ENOTTY, e.errno());
        assertEquals("irq open " + file + " window=fpga index=2: ENOTTY (Inappropriate ioctl for device)"
                + ": not /dev/map, or a driver without interrupts", e.getMessage());
        Path missing = root.resolve("no-device");
        e = assertThrows(DevmapException.class, () -> Interrupt.open(missing, "fpga", 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage(), e.getMessage().startsWith("open " + missing + " window=fpga index=0: ENOENT"));
    }

    @Test
    public void badNamesAndIndexesAreRefusedBeforeAnyCall() {
        Path dev = Path.of("/dev/map");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interrupt.open(dev, "a-name-of-thirty-two-bytes-long!", 0));
        assertTrue(e.getMessage(), e.getMessage().contains("'a-name-of-thirty-two-bytes-long!'"));
        assertThrows(IllegalArgumentException.class, () -> Interrupt.open(dev, "", 0));
        assertThrows(IllegalArgumentException.class, () -> Interrupt.open(dev, "../x", 0));
        e = assertThrows(IllegalArgumentException.class, () -> Interrupt.open(dev, "fpga", -1));
        assertTrue(e.getMessage(), e.getMessage().contains("-1"));
    }
}
