// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Several threads on one mapping, and close racing with accesses. */
public class ConcurrencyTest {
    private static final int SIZE = 1 << 20;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void concurrentReadersSeeTheSameData() throws Exception {
        Path p = TestFiles.patterned(tmp, SIZE);
        ByteBuffer want = TestFiles.contents(p, ByteOrder.nativeOrder());
        long expected = 0;
        for (int i = 0; i < SIZE; i += 4) {
            expected += want.getInt(i);
        }
        try (Mapping m = Mapping.open(p, 0, SIZE)) {
            int threads = 4;
            long[] sums = new long[threads];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> list = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                Thread th = new Thread(() -> {
                    try {
                        long s = 0;
                        for (int i = 0; i < SIZE; i += 4) {
                            s += id % 2 == 0 ? m.getInt(i) : m.getIntVolatile(i);
                        }
                        sums[id] = s;
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                list.add(th);
                th.start();
            }
            for (Thread th : list) {
                th.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            for (int t = 0; t < threads; t++) {
                assertEquals("thread " + t, expected, sums[t]);
            }
        }
    }

    /**
     * Threads hammer the mapping with every kind of access while it is
     * closed under them. The only acceptable outcome is
     * IllegalStateException; a crash would take the test JVM down.
     */
    @Test
    public void closeWhileAccessingNeverCrashes() throws Exception {
        Path p = TestFiles.zeros(tmp, SIZE);
        for (int round = 0; round < 20; round++) {
            MemoryType type = round % 2 == 0 ? MemoryType.DEVICE : MemoryType.CACHED;
            Mapping m = Mapping.open(p, 0, SIZE, MapOptions.defaults().withMemoryType(type));
            int threads = 4;
            // Each thread counts down once it has made 64 accesses: close
            // comes while all of them are busy, however slow the machine.
            CountDownLatch running = new CountDownLatch(threads);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong accesses = new AtomicLong();
            List<Thread> list = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                Thread th = new Thread(() -> {
                    byte[] bytes = new byte[SIZE / 4];
                    int[] ints = new int[SIZE / 16];
                    ByteBuffer view = m.asByteBuffer();
                    long n = 0;
                    try {
                        while (true) {
                            if (n == 64) {
                                running.countDown();
                            }
                            int off = (int) ((n * 4096 + id * 64) % SIZE);
                            switch ((int) (n % 6)) {
                                case 0:
                                    m.putIntVolatile(off, (int) n);
                                    break;
                                case 1:
                                    m.getLong(off);
                                    break;
                                case 2:
                                    m.read(0, bytes);
                                    break;
                                case 3:
                                    m.write(SIZE / 2, ints);
                                    break;
                                case 4:
                                    m.fill(off, 64, Width.INT, 0x5a5a5a5a);
                                    break;
                                default:
                                    // The view outlives close: it must stay usable.
                                    view.getLong(off);
                                    view.putLong(off, n);
                            }
                            n++;
                        }
                    } catch (IllegalStateException e) {
                        accesses.addAndGet(n);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        running.countDown(); // never leave the test waiting
                    }
                });
                list.add(th);
                th.start();
            }
            running.await();
            Thread closer = new Thread(m::close);
            closer.start();
            m.close(); // two closers at once
            closer.join();
            for (Thread th : list) {
                th.join(10_000);
                assertFalse("thread still running after close", th.isAlive());
            }
            if (failure.get() != null) {
                throw new AssertionError("round " + round, failure.get());
            }
            assertFalse(m.isOpen());
            assertTrue("threads made progress before close", accesses.get() > 0);
        }
    }

    @Test
    public void closeReleasesTheFileAtOnceEvenWithAViewHeld() throws IOException {
        Path p = TestFiles.zeros(tmp, SIZE);
        Mapping m = Mapping.open(p, 0, SIZE);
        ByteBuffer view = m.asByteBuffer();
        assertEquals(1, mappedRegions(p));
        m.close();
        assertEquals("the file is no longer mapped", 0, mappedRegions(p));
        view.putInt(0, 1); // scratch memory, still safe
        assertEquals(0, TestFiles.contents(p, ByteOrder.nativeOrder()).getInt(0));
    }

    @Test
    public void unclosedMappingsAreUnmappedWhenUnreachable() throws Exception {
        Path p = TestFiles.zeros(tmp, SIZE);
        for (int i = 0; i < 20; i++) {
            Mapping.open(p, 0, SIZE).putInt(0, i);
        }
        assertTrue(mappedRegions(p) > 0);
        // The cleaner runs on its own thread after a collection: poll until
        // it has, with a deadline rather than a fixed number of rounds.
        long end = System.nanoTime() + 60_000_000_000L;
        while (mappedRegions(p) > 0 && System.nanoTime() - end < 0) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals("the cleaner unmapped them", 0, mappedRegions(p));
        assertEquals(19, TestFiles.contents(p, ByteOrder.nativeOrder()).getInt(0));
    }

    private static long mappedRegions(Path p) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        String name = p.toRealPath().toString();
        try (var lines = java.nio.file.Files.lines(maps)) {
            return lines.filter(l -> l.endsWith(name)).count();
        } catch (IOException e) {
            fail("cannot read " + maps + ": " + e);
            return -1;
        }
    }
}
