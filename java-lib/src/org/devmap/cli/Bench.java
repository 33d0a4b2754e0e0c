// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.devmap.Mapping;

/**
 * Measures ordered 32-bit reads and writes and bulk copies over a range. Each
 * measurement runs one warm-up sweep, then sweeps until {@link #minNanos}
 * have passed. The range is overwritten.
 */
final class Bench {
    private final Mapping mapping;
    private final long address;
    private final PrintStream out;
    private final int words;
    long minNanos = 250_000_000L;
    /** Keeps the JIT from discarding reads. */
    private long sink;

    Bench(Mapping mapping, long address, PrintStream out) {
        this.mapping = mapping;
        this.address = address;
        this.out = out;
        this.words = (int) (mapping.length() / 4);
    }

    void run() {
        out.printf("bench: 0x%x-0x%x, %d bytes, %s memory%n", address, address + mapping.length() - 1,
                mapping.length(), mapping.isDeviceMemory() ? "device" : "cached");
        int[] array = new int[words];
        measure("read32 volatile", () -> {
            long s = 0;
            for (int i = 0; i < words; i++) {
                s += mapping.getIntVolatile(4L * i);
            }
            sink += s;
        });
        measure("write32 volatile", () -> {
            for (int i = 0; i < words; i++) {
                mapping.putIntVolatile(4L * i, i);
            }
        });
        measure("bulk read32", () -> {
            mapping.read(0, array, 0, words);
            sink += array[words - 1];
        });
        measure("bulk write32", () -> mapping.write(0, array, 0, words));
        if (sink == 42) {
            out.print("");
        }
    }

    private void measure(String name, Runnable sweep) {
        sweep.run();
        long sweeps = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            sweep.run();
            sweeps++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minNanos);
        double ops = (double) sweeps * words;
        double nsPerOp = elapsed / ops;
        double mbPerS = ops * 4 / (elapsed / 1e9) / 1e6;
        out.printf(Locale.ROOT, "%-18s %10.2f ns/op %10.1f MB/s%n", name, nsPerOp, mbPerS);
    }
}
