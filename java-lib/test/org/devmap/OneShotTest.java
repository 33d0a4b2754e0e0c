// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** One-shot reads, writes and read-modify-writes on a regular file (pread/pwrite and mapping paths). */
public class OneShotTest {
    private static final MapOptions OPTS = MapOptions.defaults();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Path file;

    @Before
    public void createFile() throws IOException {
        file = tmp.newFile("regs").toPath();
        Files.write(file, new byte[256]);
    }

    private ByteBuffer contents(ByteOrder order) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(order);
    }

    @Test
    public void everyWidthBothOrders() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            MapOptions o = OPTS.withOrder(order);
            for (Width w : Width.values()) {
                long v = 0x8877665544332211L & w.mask();
                OneShot.write(file, 0x40, w, o, v);
                assertEquals(w + " " + order, v, OneShot.read(file, 0x40, w, o));
                try (Mapping m = Mapping.open(file, 0x40, 8, o)) {
                    assertEquals(w + " " + order, v, m.get(0, w));
                }
            }
        }
    }

    @Test
    public void consecutiveValues() throws IOException {
        OneShot.write(file, 0x10, Width.SHORT, OPTS, 1, 2, 3);
        ByteBuffer b = contents(ByteOrder.nativeOrder());
        assertEquals(1, b.getShort(0x10));
        assertEquals(2, b.getShort(0x12));
        assertEquals(3, b.getShort(0x14));
        OneShot.write(file, 0x20, Width.LONG, OPTS, -1L, 5L);
        assertEquals(5L, OneShot.read(file, 0x28, Width.LONG, OPTS));
    }

    @Test
    public void modifyReturnsTheOldValue() throws IOException {
        OneShot.write(file, 0x30, Width.INT, OPTS, 0xf0f0L);
        assertEquals(new Mapping.Change(0xf0f0L, 0xf005L), OneShot.modify(file, 0x30, Width.INT, 0xf0L, 0x5L, OPTS));
        assertEquals(0xf005L, OneShot.read(file, 0x30, Width.INT, OPTS));
        assertEquals(0L, OneShot.modify(file, 0x38, Width.LONG, 0, 1L << 63, OPTS).oldValue());
        assertEquals(1L << 63, OneShot.read(file, 0x38, Width.LONG, OPTS));
    }

    @Test
    public void errorsNameTheValue() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneShot.read(file, 0x11, Width.INT, OPTS));
        assertEquals("address 0x11 is not aligned to 32 bits", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OneShot.write(file, 0x10, Width.BYTE, OPTS, 1, 0x100));
        assertEquals("value 0x100 does not fit in 8 bits", e.getMessage());
        assertEquals(0, OneShot.read(file, 0x10, Width.BYTE, OPTS));
        e = assertThrows(IllegalArgumentException.class,
                () -> OneShot.modify(file, 0x10, Width.BYTE, 0x100, 0, OPTS));
        assertEquals("mask 0x100 has bits outside 8 bits", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneShot.write(file, 0x10, Width.BYTE, OPTS));
        // Past the end: the mapping path refuses with ENXIO, the file does not grow.
        DevmapException d = assertThrows(DevmapException.class,
                () -> OneShot.write(file, 252, Width.INT, OPTS, 1, 2));
        assertTrue(d.getMessage(), d.getMessage().contains("ENXIO"));
        assertEquals(256, Files.size(file));
    }
}
