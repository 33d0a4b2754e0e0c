// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.PrintStream;
import java.util.SplittableRandom;
import org.devmap.Mapping;

/**
 * Memtester-style test of a range with 32-bit words: each pattern is written
 * over the whole range, then read back and compared, so that address-line
 * faults (aliasing) show up as well as stuck data bits. Words go through the
 * mapping's bulk copies, which are element-wise on device memory.
 */
final class MemTest {
    /** Ranges at least this large print progress percentages. */
    static final long PROGRESS_THRESHOLD = 1L << 20;
    private static final int CHUNK_WORDS = 16 * 1024;

    private static final String[] PATTERNS = {
        "solid-zeros", "solid-ones", "checkerboard", "checkerboard-inv",
        "walking-ones", "walking-zeros", "address", "address-inv", "random",
    };

    private final Mapping mapping;
    private final long address;
    private final int words;
    private final PrintStream out;
    private final long seed;
    private final int passes;
    /** Runs between the write and the verify phase; tests inject faults here. */
    Runnable afterWrite = () -> { };

    MemTest(Mapping mapping, long address, PrintStream out, long seed, int passes) {
        this.mapping = mapping;
        this.address = address;
        this.words = (int) (mapping.length() / 4);
        this.out = out;
        this.seed = seed;
        this.passes = passes;
    }

    /** @return true if every pattern read back as written */
    boolean run() {
        out.printf("memtest: 0x%x-0x%x, %d bytes, %d pass%s, seed 0x%x, %s memory%n", address,
                address + mapping.length() - 1, mapping.length(), passes, passes == 1 ? "" : "es",
                seed, mapping.isDeviceMemory() ? "device" : "cached");
        for (int pass = 1; pass <= passes; pass++) {
            for (String pattern : PATTERNS) {
                if (!runPattern(pattern, pass)) {
                    out.println("memtest: FAILED");
                    return false;
                }
                out.printf("memtest: pass %d/%d %s ok%n", pass, passes, pattern);
            }
        }
        out.println("memtest: ok");
        return true;
    }

    private boolean runPattern(String pattern, int pass) {
        boolean progress = mapping.length() >= PROGRESS_THRESHOLD;
        int[] expected = new int[Math.min(words, CHUNK_WORDS)];
        int[] actual = new int[expected.length];
        long total = 2L * words;
        int nextReport = 25;
        // The random pattern replays the same sequence for the verify phase.
        SplittableRandom random = new SplittableRandom(seed + pass);
        for (int k = 0; k < words; k += expected.length) {
            int n = Math.min(expected.length, words - k);
            generate(pattern, pass, k, n, expected, random);
            mapping.write(4L * k, expected, 0, n);
            if (progress) {
                nextReport = report(pattern, pass, k + n, total, nextReport);
            }
        }
        afterWrite.run();
        random = new SplittableRandom(seed + pass);
        for (int k = 0; k < words; k += expected.length) {
            int n = Math.min(expected.length, words - k);
            generate(pattern, pass, k, n, expected, random);
            mapping.read(4L * k, actual, 0, n);
            for (int j = 0; j < n; j++) {
                if (actual[j] != expected[j]) {
                    out.printf("memtest: pass %d/%d %s FAILED at 0x%x: expected 0x%08x, read 0x%08x%n",
                            pass, passes, pattern, address + 4L * (k + j), expected[j], actual[j]);
                    return false;
                }
            }
            if (progress) {
                nextReport = report(pattern, pass, words + k + n, total, nextReport);
            }
        }
        return true;
    }

    private int report(String pattern, int pass, long done, long total, int nextReport) {
        int next = nextReport;
        while (next < 100 && done * 100 >= next * total) {
            out.printf("memtest: pass %d/%d %s %d%%%n", pass, passes, pattern, next);
            next += 25;
        }
        return next;
    }

    private void generate(String pattern, int pass, int first, int n, int[] w, SplittableRandom random) {
        for (int j = 0; j < n; j++) {
            long index = first + j;
            long a = address + 4 * index;
            int v;
            switch (pattern) {
                case "solid-zeros":
                    v = 0;
                    break;
                case "solid-ones":
                    v = -1;
                    break;
                case "checkerboard":
                    v = (index & 1) == 0 ? 0x55555555 : 0xaaaaaaaa;
                    break;
                case "checkerboard-inv":
                    v = (index & 1) == 0 ? 0xaaaaaaaa : 0x55555555;
                    break;
                case "walking-ones":
                    v = 1 << ((index + pass - 1) & 31);
                    break;
                case "walking-zeros":
                    v = ~(1 << ((index + pass - 1) & 31));
                    break;
                case "address":
                    v = (int) (a ^ (a >>> 32));
                    break;
                case "address-inv":
                    v = ~(int) (a ^ (a >>> 32));
                    break;
                default:
                    v = random.nextInt();
            }
            w[j] = v;
        }
    }
}
