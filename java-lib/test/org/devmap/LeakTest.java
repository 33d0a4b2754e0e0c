// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * No descriptor is left behind: the entries of /proc/self/fd are counted
 * before and after many cycles of each kind of use (one cycle first, so
 * that what the JVM and JNA open once is already open). A leak of one
 * descriptor per cycle shows as hundreds.
 */
public class LeakTest {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final int CYCLES = 300;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }

    private interface Cycle {
        void run(int i) throws Exception;
    }

    private static void assertNoLeak(String what, Cycle c) throws Exception {
        assumeTrue("needs " + FDS, Files.isDirectory(FDS));
        c.run(0);
        long before = openFds();
        for (int i = 1; i <= CYCLES; i++) {
            c.run(i);
        }
        long after = openFds();
        assertTrue(what + ": " + before + " descriptors before " + CYCLES + " cycles, " + after + " after",
                after <= before);
    }

    @Test
    public void fileMappings() throws Exception {
        Path p = TestFiles.zeros(tmp, 1 << 16);
        assertNoLeak("mappings of a file", i -> {
            try (Mapping m = Mapping.open(p, 0, 1 << 16)) {
                m.putInt(4 * (i % 100), i);
                assertThrows(DevmapException.class, () -> m.syncForDevice(0, 4));
            }
        });
    }

    /** A device mapping keeps its descriptor for the syncs, until close. */
    @Test
    public void deviceMappingsAndTheirSyncs() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue("needs readable and writable /dev/zero", Files.isReadable(zero) && Files.isWritable(zero));
        assertNoLeak("mappings of /dev/zero with syncs", i -> {
            try (Mapping m = Mapping.open(zero, 0, 4096)) {
                DevmapException e = assertThrows(DevmapException.class, () -> m.syncForCpu(0, 4096));
                assertEquals(Errno.ENOTTY, e.errno());
            }
            try (Mapping m = Mapping.open(zero, 0, 4096, MapOptions.defaults().withReadOnly(true))) {
                assertEquals(Errno.EBADF, assertThrows(DevmapException.class,
                        () -> m.syncForCpu(0, 4096)).errno());
            }
        });
    }

    /** Never closed: the cleaner closes the descriptor with the pages. */
    @Test
    public void unclosedDeviceMappingsGiveTheirDescriptorsBack() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue("needs readable and writable /dev/zero", Files.isReadable(zero) && Files.isWritable(zero));
        assumeTrue("needs " + FDS, Files.isDirectory(FDS));
        Mapping.open(zero, 0, 4096).close();
        long before = openFds();
        for (int i = 0; i < CYCLES; i++) {
            Mapping.open(zero, 0, 4096).putInt(0, i);
        }
        assertTrue("the mappings hold their descriptors", openFds() >= before + CYCLES);
        long end = System.nanoTime() + 60_000_000_000L;
        while (openFds() > before && System.nanoTime() - end < 0) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue("descriptors left: " + (openFds() - before), openFds() <= before);
    }

    /** A handle and the eventfds of its waiters are closed with it. */
    @Test
    public void interruptHandles() throws Exception {
        InterruptTest.TestLibC c = InterruptTest.TestLibC.INSTANCE;
        Path root = tmp.newFolder("windows").toPath();
        assertNoLeak("interrupt handles", i -> {
            int[] sv = new int[2];
            assertEquals("socketpair: errno " + Native.getLastError(), 0, c.socketpair(1, 1, 0, sv));
            try (Interrupt irq = Interrupt.ofDescriptor(sv[0], "/dev/map", "fpga", 0, root)) {
                assertEquals(-1, InterruptTest.c(irq.await(Duration.ZERO)));
            } finally {
                c.close(sv[1]);
            }
        });
    }
}
