// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.devmap.Mapping;

/**
 * Prints a range in the layout of {@code hexdump -C}, with physical addresses
 * in the first column, repeated lines folded into {@code *}, and the end
 * address on the last line.
 */
final class HexDump {
    private static final int CHUNK = 64 * 1024;

    private HexDump() {
    }

    static void dump(Mapping m, long address, int length, PrintStream out) {
        long end = address + length;
        int digits = Math.max(8, Long.toHexString(end).length());
        String addrFormat = "%0" + digits + "x";
        byte[] previous = null;
        boolean folded = false;
        byte[] chunk = new byte[Math.min(length, CHUNK)];
        StringBuilder sb = new StringBuilder();
        for (int base = 0; base < length; base += chunk.length) {
            int n = Math.min(chunk.length, length - base);
            m.read(base, chunk, 0, n);
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
                StringBuilder ascii = new StringBuilder(16);
                for (int j = 0; j < 16; j++) {
                    if (j < count) {
                        int b = line[j] & 0xff;
                        sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16))
                                .append(' ');
                        ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                    } else {
                        sb.append("   ");
                    }
                    if (j == 7) {
                        sb.append(' ');
                    }
                }
                sb.append(" |").append(ascii).append("|\n");
            }
            out.print(sb);
            sb.setLength(0);
        }
        out.println(String.format(addrFormat, end));
    }
}
