// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Bulk copies and fill in both memory types and byte orders, at odd offsets
 * and lengths, cross-checked against the file's bytes.
 */
public class BulkTest {
    private static final int SIZE = 3 * 4096 + 100;
    private static final MemoryType[] TYPES = {MemoryType.DEVICE, MemoryType.CACHED};
    private static final ByteOrder[] ORDERS = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Mapping open(Path p, long offset, MemoryType type, ByteOrder order) throws IOException {
        return Mapping.open(p, offset, SIZE - offset,
                MapOptions.defaults().withMemoryType(type).withOrder(order));
    }

    @Test
    public void byteCopiesAtOddOffsetsAndLengths() throws IOException {
        for (MemoryType type : TYPES) {
            Path p = TestFiles.patterned(tmp, SIZE);
            byte[] file = TestFiles.pattern(SIZE);
            byte[] src = new byte[1001];
            new Random(1).nextBytes(src);
            try (Mapping m = open(p, 5, type, ByteOrder.LITTLE_ENDIAN)) {
                for (int[] c : new int[][] {{0, 1}, {1, 15}, {3, 4097}, {4095, 2}, {7, SIZE - 5 - 7}}) {
                    int off = c[0];
                    int len = c[1];
                    byte[] got = new byte[len + 2];
                    m.read(off, got, 1, len);
                    for (int i = 0; i < len; i++) {
                        assertEquals(type + " off " + off + " i " + i, file[5 + off + i], got[1 + i]);
                    }
                    assertEquals(0, got[0]);
                    assertEquals(0, got[len + 1]);
                }
                m.write(333, src, 1, 999);
                m.read(0, new byte[0]);
            }
            byte[] now = TestFiles.contents(p, ByteOrder.LITTLE_ENDIAN).array();
            assertEquals(type.toString(), file[5 + 332], now[5 + 332]);
            assertEquals(type.toString(), file[5 + 333 + 999], now[5 + 333 + 999]);
            for (int i = 0; i < 999; i++) {
                assertEquals(type + " byte " + i, src[1 + i], now[5 + 333 + i]);
            }
        }
    }

    @Test
    public void wideCopiesInBothOrdersAndTypes() throws IOException {
        for (MemoryType type : TYPES) {
            for (ByteOrder order : ORDERS) {
                String what = type + " " + order;
                Path p = TestFiles.patterned(tmp, SIZE);
                ByteBuffer want = TestFiles.contents(p, order);
                // Mapping offset 4 keeps every width aligned on 8 when the
                // access offset is 4 (mod 8).
                try (Mapping m = open(p, 4, type, order)) {
                    short[] s = new short[333];
                    m.read(2, s, 0, 333);
                    for (int i = 0; i < 333; i++) {
                        assertEquals(what, want.getShort(6 + 2 * i), s[i]);
                    }
                    int[] in = new int[1027];
                    m.read(8, in, 1, 1025);
                    for (int i = 0; i < 1025; i++) {
                        assertEquals(what, want.getInt(12 + 4 * i), in[1 + i]);
                    }
                    long[] l = new long[77];
                    m.read(4, l);
                    for (int i = 0; i < 77; i++) {
                        assertEquals(what, want.getLong(8 + 8 * i), l[i]);
                    }

                    short[] s2 = {(short) 0x8001, 0x1234, (short) 0xfffe};
                    m.write(1000, s2);
                    int[] i2 = {0x80000001, 0x12345678, 0xfffffffe, 7, 9};
                    m.write(2000, i2, 1, 3);
                    long[] l2 = {0x8000000000000001L, 0x0123456789abcdefL};
                    m.write(3004, l2);
                    short[] sb = new short[3];
                    m.read(1000, sb);
                    assertArrayEquals(what, s2, sb);
                    int[] ib = new int[3];
                    m.read(2000, ib);
                    assertArrayEquals(what, new int[] {0x12345678, 0xfffffffe, 7}, ib);
                    long[] lb = new long[2];
                    m.read(3004, lb);
                    assertArrayEquals(what, l2, lb);
                }
                ByteBuffer got = TestFiles.contents(p, order);
                assertEquals(what, (short) 0x8001, got.getShort(1004));
                assertEquals(what, (short) 0xfffe, got.getShort(1008));
                assertEquals(what, 0x12345678, got.getInt(2004));
                assertEquals(what, 7, got.getInt(2012));
                assertEquals(what, want.getInt(2016), got.getInt(2016));
                assertEquals(what, 0x0123456789abcdefL, got.getLong(3016));
            }
        }
    }

    @Test
    public void deviceBulkNeedsAlignmentCachedDoesNot() throws IOException {
        Path p = TestFiles.patterned(tmp, SIZE);
        ByteBuffer want = TestFiles.contents(p, ByteOrder.LITTLE_ENDIAN);
        try (Mapping m = open(p, 0, MemoryType.DEVICE, ByteOrder.LITTLE_ENDIAN)) {
            assertThrows(IllegalArgumentException.class, () -> m.read(1, new short[2]));
            assertThrows(IllegalArgumentException.class, () -> m.write(2, new int[2]));
            assertThrows(IllegalArgumentException.class, () -> m.read(4, new long[2]));
            assertThrows(IllegalArgumentException.class, () -> m.fill(2, 8, Width.INT, 0));
        }
        try (Mapping m = open(p, 0, MemoryType.CACHED, ByteOrder.LITTLE_ENDIAN)) {
            int[] in = new int[3];
            m.read(1, in);
            assertEquals(want.getInt(1), in[0]);
            assertEquals(want.getInt(9), in[2]);
            long[] l = new long[1];
            m.read(3, l);
            assertEquals(want.getLong(3), l[0]);
        }
    }

    @Test
    public void bulkBoundsAreChecked() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        for (MemoryType type : TYPES) {
            try (Mapping m = Mapping.open(p, 0, 64, MapOptions.defaults().withMemoryType(type))) {
                assertThrows(IndexOutOfBoundsException.class, () -> m.read(60, new byte[5]));
                assertThrows(IndexOutOfBoundsException.class, () -> m.write(-1, new byte[1]));
                assertThrows(IndexOutOfBoundsException.class, () -> m.read(32, new long[5]));
                assertThrows(IndexOutOfBoundsException.class, () -> m.read(0, new int[4], 2, 3));
                assertThrows(IndexOutOfBoundsException.class, () -> m.write(0, new short[4], -1, 2));
                assertThrows(IndexOutOfBoundsException.class, () -> m.fill(0, 65, Width.BYTE, 0));
                assertThrows(IndexOutOfBoundsException.class, () -> m.fill(Long.MAX_VALUE, 8, Width.BYTE, 0));
                assertThrows(IllegalArgumentException.class, () -> m.fill(0, 6, Width.INT, 0));
                assertThrows(IllegalArgumentException.class, () -> m.fill(0, 8, Width.BYTE, 0x100));
                m.read(64, new byte[0]);
                m.write(56, new long[1]);
            }
        }
    }

    @Test
    public void fillEveryWidthInBothTypesAndOrders() throws IOException {
        int size = 200_000; // more than the cached fill chunk
        for (MemoryType type : TYPES) {
            for (ByteOrder order : ORDERS) {
                String what = type + " " + order;
                Path p = TestFiles.patterned(tmp, size);
                try (Mapping m = Mapping.open(p, 0, size,
                        MapOptions.defaults().withMemoryType(type).withOrder(order))) {
                    m.fill(3, 101_001, Width.BYTE, 0xa5);
                    m.fill(101_008, 98_000, Width.SHORT, 0xbeef);
                    m.fill(199_008, 400, Width.INT, 0xdeadbeefL);
                    m.fill(199_408, 80, Width.LONG, 0x0123456789abcdefL);
                    m.fill(199_488, 0, Width.LONG, -1);
                }
                ByteBuffer got = TestFiles.contents(p, order);
                byte[] orig = TestFiles.pattern(size);
                assertEquals(what, orig[2], got.get(2));
                for (int i = 3; i < 101_004; i++) {
                    assertEquals(what + " at " + i, (byte) 0xa5, got.get(i));
                }
                assertEquals(what, orig[101_004], got.get(101_004));
                for (int i = 101_008; i < 199_008; i += 2) {
                    assertEquals(what + " at " + i, (short) 0xbeef, got.getShort(i));
                }
                for (int i = 199_008; i < 199_408; i += 4) {
                    assertEquals(what + " at " + i, 0xdeadbeef, got.getInt(i));
                }
                for (int i = 199_408; i < 199_488; i += 8) {
                    assertEquals(what + " at " + i, 0x0123456789abcdefL, got.getLong(i));
                }
                assertEquals(what, orig[199_488], got.get(199_488));
            }
        }
    }
}
