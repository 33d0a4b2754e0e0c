// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Random misuse: offsets, lengths, widths, values, closed mappings. Every
 * call either works or throws one of the documented exceptions; anything
 * else (or a JVM crash) fails.
 */
public class FuzzTest {
    private static final long SEED = 0x5eed;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static long interesting(SplittableRandom r, long size) {
        switch (r.nextInt(8)) {
            case 0:
                return -r.nextInt(1, 10);
            case 1:
                return Long.MAX_VALUE - r.nextInt(16);
            case 2:
                return Long.MIN_VALUE + r.nextInt(16);
            case 3:
                return size - r.nextInt(9);
            case 4:
                return size + r.nextInt(9);
            case 5:
                return r.nextLong();
            default:
                return r.nextLong(Math.max(1, size));
        }
    }

    @Test
    public void randomMisuseOnlyThrowsDocumentedExceptions() throws IOException {
        int fileSize = 3 * 4096;
        Path p = TestFiles.patterned(tmp, fileSize);
        SplittableRandom r = new SplittableRandom(SEED);
        int worked = 0;
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            long offset = r.nextBoolean() ? r.nextLong(fileSize) : interesting(r, fileSize);
            long length = r.nextBoolean() ? r.nextLong(1, fileSize) : interesting(r, fileSize);
            MapOptions options = MapOptions.defaults()
                    .withMemoryType(r.nextBoolean() ? MemoryType.DEVICE : MemoryType.CACHED)
                    .withReadOnly(r.nextInt(4) == 0);
            Mapping m;
            try {
                m = Mapping.open(p, offset, length, options);
            } catch (IllegalArgumentException | DevmapException e) {
                refused++;
                continue;
            }
            boolean closeEarly = r.nextInt(4) == 0;
            if (closeEarly) {
                m.close();
            }
            for (int op = 0; op < 200; op++) {
                long off = r.nextBoolean() ? r.nextLong(m.length() + 1) : interesting(r, m.length());
                int bits = r.nextInt(10) == 0 ? r.nextInt(-8, 72) : 8 << r.nextInt(4);
                long value = r.nextInt(3) == 0 ? r.nextLong() : r.nextLong(256);
                int count = r.nextInt(5) == 0 ? r.nextInt(-3, 3) : r.nextInt(0, 600);
                try {
                    switch (r.nextInt(9)) {
                        case 0:
                            m.get(off, Width.ofBits(bits));
                            break;
                        case 1:
                            m.put(off, Width.ofBits(bits), value);
                            break;
                        case 2:
                            m.getVolatile(off, Width.ofBits(bits));
                            break;
                        case 3:
                            m.putVolatile(off, Width.ofBits(bits), value);
                            break;
                        case 4:
                            m.read(off, new byte[Math.max(0, count)], 0, count);
                            break;
                        case 5:
                            m.write(off, new int[Math.max(0, count)], 0, count);
                            break;
                        case 6:
                            m.read(off, new long[Math.max(0, count) + 1], 1, count);
                            break;
                        case 7:
                            m.fill(off, count, Width.ofBits(bits), value);
                            break;
                        default:
                            m.write(off, new short[Math.max(0, count)], 0, count);
                    }
                    worked++;
                } catch (IndexOutOfBoundsException | IllegalArgumentException
                        | IllegalStateException | java.nio.ReadOnlyBufferException e) {
                    refused++;
                }
            }
            m.close();
        }
        assertTrue("some calls worked: " + worked, worked > 1000);
        assertTrue("some calls were refused: " + refused, refused > 1000);
    }
}
