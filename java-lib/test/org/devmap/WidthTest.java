// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Width, and the width-generic ordered accessors. */
public class WidthTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void bitsAndBytes() {
        for (Width w : Width.values()) {
            assertEquals(w, Width.ofBits(w.bits()));
            assertEquals(w.bits() / 8, w.bytes());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Width.ofBits(12));
        assertTrue(e.getMessage(), e.getMessage().contains("12"));
    }

    @Test
    public void fitsAndHex() {
        assertTrue(Width.BYTE.fits(0xff));
        assertTrue(Width.BYTE.fits(-0x80));
        assertFalse(Width.BYTE.fits(0x100));
        assertFalse(Width.BYTE.fits(-0x81));
        assertTrue(Width.LONG.fits(-1));
        assertEquals(0xffffL, Width.SHORT.mask());
        assertEquals(-1L, Width.LONG.mask());
        assertEquals("0x03", Width.BYTE.hex(3));
        assertEquals("0x0000abcd", Width.INT.hex(0xabcd));
        assertEquals("0xffffffffffffffff", Width.LONG.hex(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Width.SHORT.check(0x10000));
        assertEquals("value 0x10000 does not fit in 16 bits", e.getMessage());
    }

    @Test
    public void genericOrderedAccessors() throws IOException {
        Path p = tmp.newFile().toPath();
        java.nio.file.Files.write(p, new byte[64]);
        try (Mapping m = Mapping.open(p, 0, 64)) {
            for (Width w : Width.values()) {
                long v = 0x8182838485868788L & w.mask();
                m.putRelease(8, w, v);
                assertEquals(w.toString(), v, m.getAcquire(8, w));
                assertEquals(w.toString(), v, m.get(8, w));
            }
            assertThrows(IllegalArgumentException.class, () -> m.putRelease(0, Width.BYTE, 0x100));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.getAcquire(2, Width.LONG));
            assertTrue(e.getMessage(), e.getMessage().startsWith("misaligned 64-bit acquire access"));
            IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                    () -> m.putRelease(64, Width.SHORT, 1));
            assertTrue(o.getMessage(), o.getMessage().startsWith("16-bit release access at offset 0x40"));
        }
    }
}
