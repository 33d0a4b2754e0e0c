// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * {@link Interrupt} against the real driver: QEMU's {@code ivshmem-doorbell}
 * bound to devmap in the guests (tests/vm), its BAR0 registers a window
 * named {@code <pci address>-bar0} with the MSI-X vectors as interrupts.
 * The guest rings its own doorbell: BAR0 register {@code Doorbell} (0x0c)
 * takes {@code (peer id << 16) | vector}, the peer id being
 * {@code IVPosition} (0x08). Skipped with a reason without such a window.
 */
public class InterruptDeviceTest {
    private static final Path DEV = Path.of("/dev/map");
    private static final Path PCI = Path.of("/sys/bus/pci/devices");
    private static final int EDU_RAISE = 0x60;
    private static final int EDU_ACK = 0x64;
    private static final int IVPOSITION = 0x08;
    private static final int DOORBELL = 0x0c;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Window bar0;
    private long peer;

    @Before
    public void needsTheDoorbell() throws IOException {
        assumeTrue("needs " + DEV + " (the devmap driver); skipped on hosts", Files.exists(DEV));
        bar0 = doorbellWindow("msi-x");
        assumeTrue("needs an ivshmem-doorbell bound to devmap (window <pci>-bar0 with MSI-X interrupts)",
                bar0 != null);
        peer = OneShot.read(DEV, bar0.phys() + IVPOSITION, Width.INT, MapOptions.defaults());
        assumeTrue("needs the ivshmem server: IVPosition is " + peer, peer >= 0 && peer < 0x10000);
    }

    /**
     * The BAR0 window of an ivshmem device (1af4:1110) bound to devmap whose
     * interrupts come from {@code source}: msi-x, or intx for the one with
     * {@code msi=off}.
     */
    private static Window doorbellWindow(String source) throws IOException {
        if (!Files.isDirectory(PCI)) {
            return null;
        }
        try (DirectoryStream<Path> devs = Files.newDirectoryStream(PCI)) {
            for (Path d : devs) {
                if (!text(d.resolve("vendor")).equals("0x1af4") || !text(d.resolve("device")).equals("0x1110")) {
                    continue;
                }
                String name = d.getFileName() + "-bar0";
                Window w = Windows.named(Windows.DEFAULT_ROOT, name).orElse(null);
                if (w != null && !w.interrupts().isEmpty()
                        && w.interrupts().get(0).source().word().equals(source)) {
                    return w;
                }
            }
        }
        return null;
    }

    private static String text(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p).trim() : "";
    }

    private void ring(int vector) throws IOException {
        OneShot.write(DEV, bar0.phys() + DOORBELL, Width.INT, MapOptions.defaults(), (peer << 16) | vector);
    }

    /**
     * QEMU's edu device (1234:11e8), its BAR0 a window with its MSI (or,
     * without MSI, its INTx line): 0x60 raises the interrupt, 0x64
     * acknowledges it (the device drops its line). A level-triggered source
     * stays masked by the kernel until enable(); an edge one never is.
     */
    @Test
    public void eduRaiseAcknowledgeEnable() throws Exception {
        Window edu = pciWindow("0x1234", "0x11e8");
        assumeTrue("needs QEMU's edu device bound to devmap", edu != null);
        MapOptions o = MapOptions.defaults();
        try (Interrupt irq = Interrupt.open(DEV, edu.name(), 0)) {
            Window.Irq q = irq.describe();
            assertTrue(q.toString(), q.source() == Window.Irq.Source.MSI || q.source() == Window.Irq.Source.INTX);
            assertEquals(q.toString(), q.source() == Window.Irq.Source.INTX, q.levelTriggered());
            long c0 = irq.count();
            for (int i = 1; i <= 2; i++) {
                OneShot.write(DEV, edu.phys() + EDU_RAISE, Width.INT, o, 1);
                assertEquals(c0 + i, c(irq.await(WAIT)));
                assertEquals("masked after the interrupt only when level-triggered",
                        q.levelTriggered(), irq.describe().masked());
                OneShot.write(DEV, edu.phys() + EDU_ACK, Width.INT, o, 1);
                irq.enable();
                assertFalse("unmasked after enable()", irq.describe().masked());
            }
            assertEquals("no storm after the acknowledgement", -1, c(irq.await(Duration.ofMillis(200))));
            assertEquals(c0 + 2, irq.count());
        }
    }

    /** The BAR0 window, with interrupts, of a PCI device VENDOR:DEVICE bound to devmap. */
    private static Window pciWindow(String vendor, String device) throws IOException {
        if (!Files.isDirectory(PCI)) {
            return null;
        }
        try (DirectoryStream<Path> devs = Files.newDirectoryStream(PCI)) {
            for (Path d : devs) {
                if (text(d.resolve("vendor")).equals(vendor) && text(d.resolve("device")).equals(device)) {
                    Window w = Windows.named(Windows.DEFAULT_ROOT, d.getFileName() + "-bar0").orElse(null);
                    if (w != null && !w.interrupts().isEmpty()) {
                        return w;
                    }
                }
            }
        }
        return null;
    }

    private static long c(Optional<Interrupt.Event> e) {
        return InterruptTest.c(e);
    }

    private Interrupt open(int index) throws IOException {
        return Interrupt.open(DEV, bar0.name(), index);
    }

    /** Until sysfs shows {@code count} events (the handler ran), at most 10 s. */
    private static void awaitSysfs(Interrupt irq, long count) throws IOException, InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (irq.count() != count) {
            assertTrue("sysfs count still " + irq.count() + ", want " + count, System.nanoTime() < end);
            Thread.sleep(10);
        }
    }

    @Test
    public void theWindowDescribesItsVectors() throws IOException {
        for (Window.Irq q : bar0.interrupts()) {
            assertEquals(bar0.name() + " " + q, Window.Irq.Source.MSI_X, q.source());
            assertEquals(bar0.name() + " " + q, Window.Irq.Trigger.EDGE, q.trigger());
            assertFalse(q.levelTriggered());
            assertTrue("irq number " + q.irq(), q.irq() > 0);
        }
        assertEquals(0, bar0.interrupts().get(0).index());
    }

    @Test
    public void eachRingIsCountedAndAJumpShowsMissedEvents() throws Exception {
        try (Interrupt irq = open(0)) {
            long c0 = irq.count();
            ring(0);
            assertEquals(c0 + 1, c(irq.await(WAIT)));
            assertEquals(c0 + 1, irq.count());
            irq.enable(); // a no-op for MSI-X, accepted so one loop fits every source
            ring(0);
            assertEquals(c0 + 2, c(irq.await(WAIT)));
            // Two events before the next wait: the count jumps by two.
            ring(0);
            awaitSysfs(irq, c0 + 3);
            ring(0);
            awaitSysfs(irq, c0 + 4);
            assertEquals(c0 + 4, c(irq.await(WAIT)));
            assertEquals("nothing pending", -1, c(irq.await(Duration.ZERO)));
        }
    }

    @Test
    public void everyHandleSeesEveryEvent() throws Exception {
        try (Interrupt a = open(0); Interrupt b = open(0)) {
            long c0 = a.count();
            ring(0);
            assertEquals(c0 + 1, c(a.await(WAIT)));
            assertEquals(c0 + 1, c(b.await(WAIT)));
        }
    }

    @Test
    public void otherVectorsAreOtherInterrupts() throws Exception {
        if (bar0.interrupts().size() < 2) {
            // One vector: index 1 does not exist (what badWindows... checks at n).
            assertEquals(Errno.ENODEV, expectOpenError(bar0.name(), 1).errno());
            return;
        }
        try (Interrupt zero = open(0); Interrupt one = open(1)) {
            long c1 = one.count();
            ring(1);
            assertEquals(c1 + 1, c(one.await(WAIT)));
            assertEquals("vector 0 did not fire", -1, c(zero.await(Duration.ofMillis(200))));
        }
    }

    @Test
    public void timesOutWithoutARing() throws Exception {
        try (Interrupt irq = open(0)) {
            long t0 = System.nanoTime();
            assertEquals(-1, c(irq.await(Duration.ofMillis(300))));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("returned after " + ms + " ms", ms >= 290);
        }
    }

    private static Thread waiter(Interrupt irq, BlockingQueue<Object> results) {
        Thread t = new Thread(() -> {
            try {
                results.add(irq.await().count());
            } catch (IOException | InterruptedException | RuntimeException e) {
                results.add(e);
            }
        }, "waiter");
        t.start();
        return t;
    }

    @Test(timeout = 60_000)
    public void closeWakesAWaiter() throws Exception {
        Interrupt irq = open(0);
        BlockingQueue<Object> results = new ArrayBlockingQueue<>(1);
        Thread t = waiter(irq, results);
        InterruptTest.awaitWaiters(irq, 1);
        assertNull("waiting", results.peek());
        irq.close();
        Object r = results.poll(10, TimeUnit.SECONDS);
        assertTrue("woke with " + r, r instanceof AsynchronousCloseException);
        t.join();
    }

    @Test(timeout = 60_000)
    public void interruptEndsAWaitAndTheHandleGoesOn() throws Exception {
        try (Interrupt irq = open(0)) {
            BlockingQueue<Object> results = new ArrayBlockingQueue<>(1);
            Thread t = waiter(irq, results);
            InterruptTest.awaitWaiters(irq, 1);
            t.interrupt();
            Object r = results.poll(10, TimeUnit.SECONDS);
            assertTrue("woke with " + r, r instanceof InterruptedException);
            t.join();
            long c0 = irq.count();
            ring(0);
            assertEquals(c0 + 1, c(irq.await(WAIT)));
        }
    }

    @Test
    public void badWindowsAndIndexesHaveTheirErrno() throws IOException {
        DevmapException e = expectOpenError("no-such-window", 0);
        assertEquals(e.getMessage(), Errno.ENOENT, e.errno());
        assertTrue(e.getMessage(), e.getMessage().contains("window=no-such-window index=0: ENOENT"));
        int n = bar0.interrupts().size();
        e = expectOpenError(bar0.name(), n);
        assertEquals(e.getMessage(), Errno.ENODEV, e.errno());
        assertTrue(e.getMessage(), e.getMessage().contains("has no interrupt " + n));
        if (Files.isDirectory(Windows.DEFAULT_ROOT.resolve("buffer"))) {
            e = expectOpenError("buffer", 0);
            assertEquals("a window without interrupts: " + e.getMessage(), Errno.ENODEV, e.errno());
        }
    }

    private static DevmapException expectOpenError(String window, int index) {
        try (Interrupt irq = Interrupt.open(DEV, window, index)) {
            throw new AssertionError("opened " + window + " " + index + ": " + irq);
        } catch (DevmapException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
