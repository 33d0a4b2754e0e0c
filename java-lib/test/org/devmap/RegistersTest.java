// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** modify, getField/setField and awaitBits on a file standing in for registers. */
public class RegistersTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Mapping open() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        return Mapping.open(p, 0, 4096, MapOptions.defaults().withMemoryType(MemoryType.DEVICE));
    }

    @Test
    public void modifyClearsSetsAndReturnsBoth() throws IOException {
        try (Mapping m = open()) {
            m.putInt(0x10, 0xf0f0f0f0);
            assertEquals(new Mapping.Change(0xf0f0f0f0L, 0xf0f0f0e1L), m.modify(0x10, Width.INT, 0x10, 0x1));
            assertEquals(0xf0f0f0e1, m.getInt(0x10));
            assertEquals(new Mapping.Change(0xe1, 0xff), m.modify(0x10, Width.BYTE, 0, 0xff));
            assertEquals(new Mapping.Change(0, -1L), m.modify(0x18, Width.LONG, 0, -1L));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.modify(0x10, Width.SHORT, 0x10000, 0));
            assertEquals("clear mask 0x10000 has bits outside 16 bits", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.modify(0x11, Width.INT, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.modify(4096, Width.INT, 0, 1));
        }
    }

    @Test
    public void fieldsReadAndWriteTheirBitsOnly() throws IOException {
        try (Mapping m = open()) {
            m.putInt(0x20, 0xa3);
            assertEquals(0xa, m.getField(0x20, Width.INT, 7, 4));
            assertEquals(0x3, m.getField(0x20, Width.INT, 3, 0));
            assertEquals(new Mapping.Change(0xa3, 0x53), m.setField(0x20, Width.INT, 7, 4, 5));
            assertEquals(new Mapping.Change(0x53, 0x80000053L), m.setField(0x20, Width.INT, 31, 31, 1));
            assertEquals(0x80000053L, m.getField(0x20, Width.INT, 31, 0));
            assertEquals(new Mapping.Change(0, 0x8000000000000000L),
                    m.setField(0x28, Width.LONG, 63, 0, 0x8000000000000000L));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.setField(0x20, Width.INT, 7, 4, 0x10));
            assertEquals("value 0x10 does not fit in field 7:4 (4 bits)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.getField(0x20, Width.BYTE, 8, 0));
            assertEquals("bad field 8:0 of a 8-bit register: need 7 >= HI >= LO >= 0", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.getField(0x20, Width.INT, 3, 5));
            assertThrows(IllegalArgumentException.class, () -> m.getField(0x20, Width.INT, 3, -1));
            assertEquals("nothing written by the refusals", 0x80000053, m.getInt(0x20));
        }
    }

    @Test
    public void awaitBitsReturnsTheMatchingValue() throws Exception {
        try (Mapping m = open()) {
            m.putInt(0x14, 0x81);
            assertEquals(OptionalLong.of(0x81), m.awaitBits(0x14, Width.INT, 0x1, 0x1, Duration.ZERO));
            assertEquals(OptionalLong.of(0x81), m.awaitBits(0x14, Width.INT, 0x3, 0x1, Duration.ZERO));
            assertEquals(OptionalLong.empty(), m.awaitBits(0x14, Width.INT, 0x3, 0x3, Duration.ZERO));
        }
    }

    /** Another thread sets the bit, whenever it runs: the wait sees it, long before the deadline. */
    @Test(timeout = 120_000)
    public void awaitBitsSeesAnotherThreadsStore() throws Exception {
        try (Mapping m = open()) {
            Thread t = new Thread(() -> m.putIntRelease(0x14, 0x4));
            t.start();
            assertEquals(OptionalLong.of(0x4), m.awaitBits(0x14, Width.INT, 0x4, 0x4, Duration.ofSeconds(60)));
            t.join();
        }
    }

    @Test
    public void awaitBitsTimesOutAfterTheDeadline() throws Exception {
        try (Mapping m = open()) {
            long t0 = System.nanoTime();
            assertEquals(OptionalLong.empty(), m.awaitBits(0x14, Width.INT, 0x1, 0x1, Duration.ofMillis(50)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("gave up after " + ms + " ms", ms >= 50);
        }
    }

    @Test
    public void awaitBitsEndsOnInterruptAndChecksItsArguments() throws Exception {
        try (Mapping m = open()) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class,
                    () -> m.awaitBits(0x14, Width.INT, 0x1, 0x1, Duration.ofSeconds(60)));
            assertFalse("the status is cleared", Thread.currentThread().isInterrupted());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.awaitBits(0x14, Width.INT, 0x1, 0x2, Duration.ZERO));
            assertEquals("value 0x2 has bits outside the mask 0x1: it can never match", e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> m.awaitBits(0x14, Width.BYTE, 0x100, 0, Duration.ZERO));
            assertThrows(IllegalArgumentException.class,
                    () -> m.awaitBits(0x14, Width.INT, 1, 1, Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> m.awaitBits(0x14, null, 1, 1, Duration.ZERO));
        }
    }
}
