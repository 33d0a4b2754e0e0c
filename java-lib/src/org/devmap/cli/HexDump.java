// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.devmap.Mapping;
import org.devmap.Width;

/**
 * Prints a range in the layout of {@code hexdump -C}, with physical addresses
 * in the first column, repeated lines folded into {@code *}, and the end
 * address on the last line. With a width of 16, 32 or 64 bits the range is
 * read in words of that width (element by element, aligned, on device
 * memory) and each line shows its words as numbers, then the bytes as text.
 */
final class HexDump {
    private static final int CHUNK = 64 * 1024;

    private HexDump() {
    }

    static void dump(Mapping m, long address, int length, Width w, PrintStream out) {
        long end = address + length;
        int digits = Math.max(8, Long.toHexString(end).length());
        String addrFormat = "%0" + digits + "x";
        byte[] previous = null;
        boolean folded = false;
        byte[] chunk = new byte[Math.min(length, CHUNK)];
        ByteBuffer words = ByteBuffer.wrap(chunk).order(m.order());
        StringBuilder sb = new StringBuilder();
        for (int base = 0; base < length; base += chunk.length) {
            int n = Math.min(chunk.length, length - base);
            read(m, base, chunk, n, w);
            for (int off = 0; off < n; off += 16) {
                int count = Math.min(16, n - off);
                byte[] line = Arrays.copyOfRange(chunk, off, off + count);
                if (count == 16 && previous != null && Arrays.equals(line, previous)) {
                    if (!folded) {
                        sb.append("*\n");
                        folded = true;
                    }
                    continue;
                }
                folded = false;
                previous = count == 16 ? line : null;
                sb.append(String.format(addrFormat, address + base + off)).append("  ");
                if (w == Width.BYTE) {
                    bytes(sb, line, count);
                } else {
                    words(sb, words, off, count, w);
                }
                sb.append(" |");
                for (int j = 0; j < count; j++) {
                    int b = line[j] & 0xff;
                    sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                }
                sb.append("|\n");
            }
            out.print(sb);
            sb.setLength(0);
        }
        out.println(String.format(addrFormat, end));
    }

    /** n bytes at base into chunk, with accesses of the width. */
    private static void read(Mapping m, long base, byte[] chunk, int n, Width w) {
        ByteBuffer b = ByteBuffer.wrap(chunk).order(m.order());
        switch (w.bytes()) {
            case 1:
                m.read(base, chunk, 0, n);
                break;
            case 2:
                short[] s = new short[n / 2];
                m.read(base, s);
                b.asShortBuffer().put(s);
                break;
            case 4:
                int[] i = new int[n / 4];
                m.read(base, i);
                b.asIntBuffer().put(i);
                break;
            default:
                long[] l = new long[n / 8];
                m.read(base, l);
                b.asLongBuffer().put(l);
        }
    }

    /** "48 65 6c ..." with the gap after the eighth, padded to 16 bytes. */
    private static void bytes(StringBuilder sb, byte[] line, int count) {
        for (int j = 0; j < 16; j++) {
            if (j < count) {
                int b = line[j] & 0xff;
                sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16)).append(' ');
            } else {
                sb.append("   ");
            }
            if (j == 7) {
                sb.append(' ');
            }
        }
    }

    /** The words of the line as numbers of the width, padded to 16 bytes. */
    private static void words(StringBuilder sb, ByteBuffer chunk, int off, int count, Width w) {
        int size = w.bytes();
        for (int j = 0; j < 16; j += size) {
            if (j < count) {
                long v;
                switch (size) {
                    case 2:
                        v = chunk.getShort(off + j);
                        break;
                    case 4:
                        v = chunk.getInt(off + j);
                        break;
                    default:
                        v = chunk.getLong(off + j);
                }
                sb.append(w.hex(v), 2, 2 + 2 * size).append(' ');
            } else {
                sb.append(" ".repeat(2 * size + 1));
            }
        }
    }
}
