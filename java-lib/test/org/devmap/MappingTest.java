// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Typed accessors, bounds, alignment and lifecycle, on real mmaps of temporary files. */
public class MappingTest {
    private static final ByteOrder[] ORDERS = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};
    private static final MemoryType[] TYPES = {MemoryType.DEVICE, MemoryType.CACHED};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Mapping open(Path p, long offset, long length, ByteOrder order, MemoryType type)
            throws IOException {
        return Mapping.open(p, offset, length,
                MapOptions.defaults().withOrder(order).withMemoryType(type));
    }

    @Test
    public void readsEveryWidthInBothOrders() throws IOException {
        Path p = TestFiles.patterned(tmp, 8192);
        for (MemoryType type : TYPES) {
            for (ByteOrder order : ORDERS) {
                ByteBuffer want = TestFiles.contents(p, order);
                try (Mapping m = open(p, 0, 8192, order, type)) {
                    assertEquals(order, m.order());
                    assertEquals(type, m.memoryType());
                    for (int off = 0; off < 256; off += 8) {
                        String at = type + " " + order + " offset " + off;
                        assertEquals(at, want.get(off), m.getByte(off));
                        assertEquals(at, want.getShort(off), m.getShort(off));
                        assertEquals(at, want.getInt(off), m.getInt(off));
                        assertEquals(at, want.getLong(off), m.getLong(off));
                        assertEquals(at, want.get(off), m.getByteVolatile(off));
                        assertEquals(at, want.getShort(off), m.getShortVolatile(off));
                        assertEquals(at, want.getInt(off), m.getIntVolatile(off));
                        assertEquals(at, want.getLong(off), m.getLongVolatile(off));
                        assertEquals(at, want.get(off), m.getByteAcquire(off));
                        assertEquals(at, want.getShort(off), m.getShortAcquire(off));
                        assertEquals(at, want.getInt(off), m.getIntAcquire(off));
                        assertEquals(at, want.getLong(off), m.getLongAcquire(off));
                        assertEquals(at, want.get(off) & 0xffL, m.get(off, Width.BYTE));
                        assertEquals(at, want.getShort(off) & 0xffffL, m.get(off, Width.SHORT));
                        assertEquals(at, want.getInt(off) & 0xffffffffL, m.get(off, Width.INT));
                        assertEquals(at, want.getLong(off), m.get(off, Width.LONG));
                        assertEquals(at, want.getInt(off) & 0xffffffffL, m.getVolatile(off, Width.INT));
                        assertEquals(at, want.get(off) & 0xffL, m.getVolatile(off, Width.BYTE));
                    }
                }
            }
        }
    }

    @Test
    public void writesEveryWidthInBothOrders() throws IOException {
        for (MemoryType type : TYPES) {
            for (ByteOrder order : ORDERS) {
                Path p = TestFiles.zeros(tmp, 4096);
                try (Mapping m = open(p, 0, 4096, order, type)) {
                    m.putByte(0, (byte) 0x81);
                    m.putShort(2, (short) 0x8283);
                    m.putInt(4, 0x84858687);
                    m.putLong(8, 0x8898a8b8c8d8e8f8L);
                    m.putByteVolatile(16, (byte) 0x11);
                    m.putShortVolatile(18, (short) 0x1213);
                    m.putIntVolatile(20, 0x14151617);
                    m.putLongVolatile(24, 0x18191a1b1c1d1e1fL);
                    m.putByteRelease(32, (byte) 0x21);
                    m.putShortRelease(34, (short) 0x2223);
                    m.putIntRelease(36, 0x24252627);
                    m.putLongRelease(40, 0x28292a2b2c2d2e2fL);
                    m.put(48, Width.BYTE, 0xff);
                    m.put(50, Width.SHORT, 0xfffe);
                    m.put(52, Width.INT, 0xfffffffdL);
                    m.put(56, Width.LONG, -4L);
                    m.putVolatile(64, Width.BYTE, -1);
                    m.putVolatile(66, Width.SHORT, 0x1234);
                    m.putVolatile(68, Width.INT, 0x12345678);
                    m.putVolatile(72, Width.LONG, 0x0123456789abcdefL);
                    m.force();
                }
                ByteBuffer got = TestFiles.contents(p, order);
                String o = type + " " + order;
                assertEquals(o, (byte) 0x81, got.get(0));
                assertEquals(o, (short) 0x8283, got.getShort(2));
                assertEquals(o, 0x84858687, got.getInt(4));
                assertEquals(o, 0x8898a8b8c8d8e8f8L, got.getLong(8));
                assertEquals(o, (byte) 0x11, got.get(16));
                assertEquals(o, (short) 0x1213, got.getShort(18));
                assertEquals(o, 0x14151617, got.getInt(20));
                assertEquals(o, 0x18191a1b1c1d1e1fL, got.getLong(24));
                assertEquals(o, (byte) 0x21, got.get(32));
                assertEquals(o, (short) 0x2223, got.getShort(34));
                assertEquals(o, 0x24252627, got.getInt(36));
                assertEquals(o, 0x28292a2b2c2d2e2fL, got.getLong(40));
                assertEquals(o, (byte) 0xff, got.get(48));
                assertEquals(o, (short) 0xfffe, got.getShort(50));
                assertEquals(o, 0xfffffffd, got.getInt(52));
                assertEquals(o, -4L, got.getLong(56));
                assertEquals(o, (byte) 0xff, got.get(64));
                assertEquals(o, (short) 0x1234, got.getShort(66));
                assertEquals(o, 0x12345678, got.getInt(68));
                assertEquals(o, 0x0123456789abcdefL, got.getLong(72));
                // Nothing else was touched.
                assertEquals(o, 0, got.get(1));
                assertEquals(o, 0L, got.getLong(80));
            }
        }
    }

    @Test
    public void defaultOrderIsNative() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = Mapping.open(p, 0, 4096)) {
            assertEquals(ByteOrder.nativeOrder(), m.order());
            assertEquals(ByteOrder.nativeOrder(), m.asByteBuffer().order());
        }
    }

    @Test
    public void unalignedOpenOffsetKeepsTheDelta() throws IOException {
        Path p = TestFiles.patterned(tmp, 3 * 4096);
        byte[] want = TestFiles.pattern(3 * 4096);
        long offset = 4096 + 13;
        try (Mapping m = Mapping.open(p, offset, 5000)) {
            assertEquals(offset, m.offset());
            assertEquals(5000, m.length());
            for (int i = 0; i < 5000; i += 111) {
                assertEquals("offset " + i, want[(int) offset + i], m.getByte(i));
            }
            assertEquals(want[(int) offset + 4999], m.getByte(4999));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getByte(5000));
            // Alignment is about the real address: offset 3 is address 4096 + 16.
            m.putIntVolatile(3, 0x01020304);
            assertEquals(0x01020304, m.getIntVolatile(3));
            assertThrows(IllegalArgumentException.class, () -> m.getIntVolatile(0));
        }
    }

    @Test
    public void boundsChecksNameOffsetWidthAndSize() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = Mapping.open(p, 0, 64)) {
            IndexOutOfBoundsException e =
                    assertThrows(IndexOutOfBoundsException.class, () -> m.getInt(62));
            assertTrue(e.getMessage(), e.getMessage().contains("0x3e"));
            assertTrue(e.getMessage(), e.getMessage().contains("32-bit"));
            assertTrue(e.getMessage(), e.getMessage().contains("0x40"));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getByte(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getByte(64));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getLong(57));
            assertThrows(IndexOutOfBoundsException.class, () -> m.putLong(Long.MAX_VALUE, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.putLong(Long.MAX_VALUE - 4, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getShort(Long.MIN_VALUE));
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(64, Width.BYTE));
            assertThrows(IndexOutOfBoundsException.class, () -> m.putVolatile(-8, Width.LONG, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> m.getLongVolatile(-8));
            // The last element of each width is fine.
            m.putByte(63, (byte) 1);
            m.putShort(62, (short) 1);
            m.putInt(60, 1);
            m.putLong(56, 1);
        }
    }

    @Test
    public void openRejectsBadRanges() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        assertThrows(IllegalArgumentException.class, () -> Mapping.open(p, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Mapping.open(p, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Mapping.open(p, -4096, 16));
        assertThrows(IllegalArgumentException.class, () -> Mapping.open(p, Long.MAX_VALUE - 4, 16));
        assertThrows(IllegalArgumentException.class, () -> Mapping.open(p, 0, 1L << 31));
    }

    @Test
    public void orderedAccessesMustBeAligned() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = open(p, 0, 4096, ByteOrder.LITTLE_ENDIAN, MemoryType.CACHED)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.getIntVolatile(2));
            assertTrue(e.getMessage(), e.getMessage().contains("misaligned 32-bit volatile"));
            assertThrows(IllegalArgumentException.class, () -> m.putShortRelease(1, (short) 0));
            assertThrows(IllegalArgumentException.class, () -> m.getLongAcquire(4));
            assertThrows(IllegalArgumentException.class, () -> m.putLongVolatile(12, 0));
            assertThrows(IllegalArgumentException.class, () -> m.getVolatile(6, Width.LONG));
            // Plain accesses on cached memory may be unaligned.
            m.putInt(1, 0x11223344);
            assertEquals(0x11223344, m.getInt(1));
            m.putLong(3, -2L);
            assertEquals(-2L, m.getLong(3));
            m.putShort(7, (short) 7);
            assertEquals(7, m.getShort(7));
        }
    }

    @Test
    public void deviceMemoryNeedsAlignmentForPlainAccessesToo() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = open(p, 0, 4096, ByteOrder.LITTLE_ENDIAN, MemoryType.DEVICE)) {
            assertTrue(m.isDeviceMemory());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.getInt(1));
            assertTrue(e.getMessage(), e.getMessage().contains("device memory"));
            assertThrows(IllegalArgumentException.class, () -> m.putShort(3, (short) 0));
            assertThrows(IllegalArgumentException.class, () -> m.putLong(4, 0));
            // Bytes are always aligned.
            m.putByte(3, (byte) 3);
            assertEquals(3, m.getByte(3));
            m.putLong(8, 5);
            assertEquals(5, m.getLong(8));
        }
    }

    @Test
    public void valuesMustFitTheWidth() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = Mapping.open(p, 0, 4096)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.put(0, Width.BYTE, 0x1ff));
            assertTrue(e.getMessage(), e.getMessage().contains("0x1ff"));
            assertThrows(IllegalArgumentException.class, () -> m.put(0, Width.SHORT, 0x10000));
            assertThrows(IllegalArgumentException.class, () -> m.putVolatile(0, Width.INT, 0x100000000L));
            assertThrows(IllegalArgumentException.class, () -> m.put(0, Width.BYTE, -129));
            assertThrows(IllegalArgumentException.class, () -> Width.ofBits(12));
            assertThrows(NullPointerException.class, () -> m.get(0, null));
            assertEquals(0, m.getByte(0)); // nothing was stored
            m.put(0, Width.BYTE, -128);
            assertEquals(0x80L, m.get(0, Width.BYTE));
            Width.LONG.check(Long.MIN_VALUE);
            Width.INT.check(0xffffffffL);
            Width.SHORT.check(-0x8000);
        }
    }

    @Test
    public void useAfterCloseThrowsAndCloseIsIdempotent() throws IOException {
        Path p = TestFiles.patterned(tmp, 4096);
        Mapping m = Mapping.open(p, 0, 4096);
        assertTrue(m.isOpen());
        m.close();
        assertFalse(m.isOpen());
        m.close();
        assertThrows(IllegalStateException.class, () -> m.getByte(0));
        assertThrows(IllegalStateException.class, () -> m.putInt(0, 1));
        assertThrows(IllegalStateException.class, () -> m.getLongVolatile(0));
        assertThrows(IllegalStateException.class, () -> m.putShortRelease(0, (short) 1));
        assertThrows(IllegalStateException.class, () -> m.read(0, new byte[4]));
        assertThrows(IllegalStateException.class, () -> m.write(0, new int[4]));
        assertThrows(IllegalStateException.class, () -> m.fill(0, 16, Width.BYTE, 0));
        assertThrows(IllegalStateException.class, m::asByteBuffer);
        assertThrows(IllegalStateException.class, m::force);
        assertTrue(m.toString().contains("closed"));
        // The file is untouched by the closing swap.
        assertArrayEquals(TestFiles.pattern(4096), Files.readAllBytes(p));
    }

    @Test
    public void byteBufferViewSharesMemoryAndSurvivesClose() throws IOException {
        Path p = TestFiles.zeros(tmp, 8192);
        ByteBuffer view;
        try (Mapping m = open(p, 4096 + 8, 100, ByteOrder.BIG_ENDIAN, null)) {
            view = m.asByteBuffer();
            assertEquals(ByteOrder.BIG_ENDIAN, view.order());
            assertEquals(0, view.position());
            assertEquals(100, view.capacity());
            assertTrue(view.isDirect());
            view.putInt(0, 0xcafebabe);
            assertEquals(0xcafebabe, m.getInt(0));
            m.putShort(4, (short) 0x1234);
            assertEquals(0x1234, view.getShort(4));
            // Each call is an independent duplicate.
            view.position(10);
            assertEquals(0, m.asByteBuffer().position());
        }
        assertEquals(0xcafebabe, TestFiles.contents(p, ByteOrder.BIG_ENDIAN).getInt(4096 + 8));
        // Documented: after close the view reaches scratch memory, not the file.
        assertEquals(0, view.getInt(0));
        view.putInt(0, 1);
        assertEquals(0xcafebabe, TestFiles.contents(p, ByteOrder.BIG_ENDIAN).getInt(4096 + 8));
    }

    @Test
    public void readOnlyMappingRefusesStores() throws IOException {
        Path p = TestFiles.patterned(tmp, 4096);
        try (Mapping m = Mapping.open(p, 0, 4096, MapOptions.defaults().withReadOnly(true))) {
            assertTrue(m.isReadOnly());
            assertEquals(TestFiles.pattern(1)[0], m.getByte(0));
            assertThrows(ReadOnlyBufferException.class, () -> m.putInt(0, 1));
            assertThrows(ReadOnlyBufferException.class, () -> m.putByteVolatile(0, (byte) 1));
            assertThrows(ReadOnlyBufferException.class, () -> m.write(0, new byte[3]));
            assertThrows(ReadOnlyBufferException.class, () -> m.asByteBuffer().put(0, (byte) 1));
        }
        assertArrayEquals(TestFiles.pattern(4096), Files.readAllBytes(p));
    }

    @Test
    public void memoryTypeDetection() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        try (Mapping m = Mapping.open(p, 0, 4096)) {
            assertSame("regular files are cached", MemoryType.CACHED, m.memoryType());
        }
        try (Mapping m = Mapping.open(p, 0, 4096,
                MapOptions.defaults().withMemoryType(MemoryType.DEVICE))) {
            assertSame(MemoryType.DEVICE, m.memoryType());
        }
    }

    @Test
    public void manyOpenCloseCyclesDoNotLeak() throws IOException {
        Path p = TestFiles.zeros(tmp, 1 << 20);
        // 2000 x 1 MiB would exhaust nothing on 64 bits if leaked, but file
        // descriptors would: the fd is closed right after mmap.
        for (int i = 0; i < 2000; i++) {
            try (Mapping m = Mapping.open(p, 0, 1 << 20)) {
                m.putInt(4 * (i % 1000), i);
            }
        }
        assertEquals(1999, TestFiles.contents(p, ByteOrder.nativeOrder()).getInt(4 * 999));
    }
}
