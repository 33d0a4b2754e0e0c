// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.devmap.DevmapException;
import org.devmap.DmaDirection;
import org.devmap.Mapping;
import org.devmap.internal.ForeignIoctl;

/**
 * The {@code bench} command. Without {@code --op}: ordered 32-bit reads and
 * writes and bulk copies over the range, human-readable, each measured for
 * {@link #minNanos} after one warm-up sweep. With {@code --op}: one operation
 * of the side-by-side comparison with the C reference
 * ({@code tests/bench/devmap_bench.c}), which takes the same options and
 * prints the same line:
 *
 * <pre>
 * bench op=OP impl=java bytes=LEN iters=N reps=N ns_per_op=X mb_per_s=Y
 * </pre>
 *
 * <p>Operations: {@code p1-read32}/{@code p1-write32} (ordered 32-bit loads
 * with acquire and stores with release semantics, one per word),
 * {@code p2-read}/{@code p2-write} (bulk copy between the mapping and a heap
 * {@code byte[]}; cached memory only), {@code p3-read32}/{@code p3-write32}
 * (library bulk copy of an {@code int[]} on device memory, element by
 * element). {@code --impl jna} runs the p1 operations through JNA's
 * {@code Pointer.getInt}/{@code setInt}, the naive baseline.
 * {@code dma-write32}/{@code dma-read32} stream through a DMA buffer as a
 * device's producer and consumer do: 32-bit stores one by one then
 * {@link Mapping#syncForDevice(long, long)}, or
 * {@link Mapping#syncForCpu(long, long)} then 32-bit loads one by one; the
 * line ends in {@code sync=ioctl sync_ns=X}, the time per sweep spent in
 * the sync calls (the same calls on every buffer, as portable code makes
 * them; the driver makes them no-ops where nothing is to be done), or in
 * {@code sync=none} on a regular file, which has nothing to sync.
 * {@code dma-sync} makes only the calls: per op one
 * {@link Mapping#syncForDevice(long, long)} (to-device) and one
 * {@link Mapping#syncForCpu(long, long)} (from-device) over the range, so
 * {@code ns_per_op} is the time of one call (not timed one by one), and
 * the line ends in {@code sync=ioctl syncs_per_s=X}: the cost of a sync
 * call itself, against C's ioctl on a kept descriptor.
 *
 * <p>The JIT is warmed up in the process before timing: the sweep is called
 * many times on a small prefix (so that it is compiled as a method, not only
 * on-stack replaced), then on the whole range for {@code --warmup}
 * milliseconds. Then {@code --reps} batches of {@code --iters} sweeps are
 * timed and the median batch is printed. The range is overwritten.
 */
final class Bench {
    static final List<String> OPS = List.of(
            "p1-read32", "p1-write32", "p2-read", "p2-write", "p3-read32", "p3-write32",
            "dma-write32", "dma-read32", "dma-sync");

    private final Mapping mapping;
    private final long address;
    private final PrintStream out;
    private final int words;
    long minNanos = 250_000_000L;
    /** Keeps the JIT from discarding reads. */
    private long sink;
    /** Time spent in sync calls by the dma ops, since the last reset. */
    private long syncNanos;

    Bench(Mapping mapping, long address, PrintStream out) {
        this.mapping = mapping;
        this.address = address;
        this.out = out;
        this.words = (int) (mapping.length() / 4);
    }

    /** Options of one side-by-side operation. */
    static final class Options {
        String op;
        boolean jna;
        long iters = 100;
        int reps = 5;
        long warmupMillis = 500;
        /** Reads the bench options of a parsed command line (see {@link Option#TABLE}). */
        static Options of(CommandLine cl) throws UsageException {
            Options o = new Options();
            String v = cl.value(Option.OP);
            if (v != null) {
                if (!OPS.contains(v)) {
                    throw new UsageException("bench: unknown op '" + v + "' (one of "
                            + String.join(", ", OPS) + ")");
                }
                o.op = v;
            }
            v = cl.value(Option.IMPL);
            if (v != null) {
                if (!v.equals("java") && !v.equals("jna")) {
                    throw new UsageException("bench: unknown impl '" + v + "' (java or jna)");
                }
                o.jna = v.equals("jna");
            }
            if (cl.has(Option.ITERS)) {
                o.iters = count(cl.value(Option.ITERS), "iteration count", Long.MAX_VALUE);
            }
            if (cl.has(Option.REPS)) {
                o.reps = (int) count(cl.value(Option.REPS), "repetition count", 1000);
            }
            if (cl.has(Option.WARMUP)) {
                o.warmupMillis = count(cl.value(Option.WARMUP), "warm-up time (ms)", 3_600_000L);
            }
            if (o.jna && o.op != null && !o.op.startsWith("p1-")) {
                throw new UsageException("bench: --impl jna is for the p1 ops only");
            }
            if (o.op == null && (cl.has(Option.IMPL) || cl.has(Option.ITERS) || cl.has(Option.REPS))) {
                throw new UsageException("bench: --impl, --iters and --reps need --op");
            }
            return o;
        }

        private static long count(String s, String what, long max) throws UsageException {
            long n = Numbers.parse(what, s, false);
            if (n < 0 || (n < 1 && !what.startsWith("warm")) || n > max) {
                throw new UsageException("bad " + what + " '" + s + "'");
            }
            return n;
        }
    }

    // ------------------------------------------------------ side by side

    /** One sweep of an operation over the first {@code n} words of the range. */
    private interface Sweep {
        void run(int n);
    }

    /**
     * Runs one operation of the comparison and prints its line.
     *
     * @return the exit status: 0, or 2 if the op does not fit the memory type
     */
    int run(Options o, PrintStream err) {
        boolean device = mapping.isDeviceMemory();
        if (o.op.startsWith("p2-") && device) {
            err.println("devmap: bench: " + o.op + " compares bulk copies on cached memory;"
                    + " this range is device memory (use --cached on a cached window)");
            return 2;
        }
        if (o.op.startsWith("p3-") && !device) {
            err.println("devmap: bench: " + o.op + " measures element-wise copies on device memory;"
                    + " this range is cached (use --uncached)");
            return 2;
        }
        Sweep sweep = sweep(o);
        int len = words * 4;
        int small = Math.min(words, 256);
        // Phase 1: enough calls for a standard (not only OSR) C2 compilation.
        for (int k = 0; k < 12_000; k++) {
            sweep.run(small);
        }
        // Phase 2: the whole range, for a while: page faults, profile, caches.
        long warmEnd = System.nanoTime() + o.warmupMillis * 1_000_000L;
        do {
            sweep.run(words);
        } while (System.nanoTime() - warmEnd < 0);
        // Each batch: its total time and, for the dma ops, the part in sync.
        long[][] batch = new long[o.reps][];
        for (int r = 0; r < o.reps; r++) {
            syncNanos = 0;
            long t0 = System.nanoTime();
            for (long k = 0; k < o.iters; k++) {
                sweep.run(words);
            }
            batch[r] = new long[] {System.nanoTime() - t0, syncNanos};
        }
        Arrays.sort(batch, (x, y) -> Long.compare(x[0], y[0]));
        double t = batch[o.reps / 2][0];
        boolean rate = o.op.equals("dma-sync");
        double units = (double) o.iters * (rate ? 2 : o.op.startsWith("p2-") ? len : words);
        String sync = !o.op.startsWith("dma-") ? ""
                : !syncs() ? " sync=none"
                : (rate ? String.format(Locale.ROOT, " sync=ioctl syncs_per_s=%.0f", units / (t / 1e9))
                : String.format(Locale.ROOT, " sync=ioctl sync_ns=%.0f", (double) batch[o.reps / 2][1] / o.iters))
                + (ForeignIoctl.enabled() ? " calls=ffm" : " calls=jna");
        out.printf(Locale.ROOT, "bench op=%s impl=%s bytes=%d iters=%d reps=%d ns_per_op=%.4f mb_per_s=%.1f%s%n",
                o.op, o.jna ? "jna" : "java", len, o.iters, o.reps, t / units,
                (double) o.iters * len / (t / 1e9) / 1e6, sync);
        if (sink == 42) {
            out.print("");
        }
        return 0;
    }

    /** A regular file (the host's smoke test) has nothing to sync: ENOTTY. */
    private boolean syncs() {
        return !Files.isRegularFile(mapping.path());
    }

    /** The dma ops: the range streamed as a device's producer or consumer. */
    private Sweep dmaSweep(String op) {
        Mapping m = mapping;
        boolean sync = syncs();
        if (op.equals("dma-sync")) {
            // The calls alone, not timed one by one (the clock would cost as
            // much as a call under emulation): the op is the call. n does
            // not matter: always the whole range.
            long len = m.length();
            SyncCall toDevice = () -> m.syncForDevice(0, len, DmaDirection.TO_DEVICE);
            SyncCall toCpu = () -> m.syncForCpu(0, len, DmaDirection.FROM_DEVICE);
            return n -> {
                if (sync) {
                    syncOrFail(toDevice);
                    syncOrFail(toCpu);
                }
            };
        }
        if (op.equals("dma-write32")) {
            return n -> {
                for (int i = 0; i < n; i++) {
                    m.putInt(4L * i, i);
                }
                if (sync) {
                    long t0 = System.nanoTime();
                    syncOrFail(() -> m.syncForDevice(0, 4L * n, DmaDirection.TO_DEVICE));
                    syncNanos += System.nanoTime() - t0;
                }
            };
        }
        return n -> {
            if (sync) {
                long t0 = System.nanoTime();
                syncOrFail(() -> m.syncForCpu(0, 4L * n, DmaDirection.FROM_DEVICE));
                syncNanos += System.nanoTime() - t0;
            }
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += m.getInt(4L * i);
            }
            sink += s;
        };
    }

    /** A sync call that may fail with the driver's errno. */
    private interface SyncCall {
        void run() throws DevmapException;
    }

    /** Runs a sync call; a failure ends the benchmark with the driver's reason. */
    private static void syncOrFail(SyncCall c) {
        try {
            c.run();
        } catch (DevmapException e) {
            throw new IllegalStateException("bench: " + e.getMessage(), e);
        }
    }

    private Sweep sweep(Options o) {
        if (o.op.startsWith("dma-")) {
            return dmaSweep(o.op);
        }
        Mapping m = mapping;
        int[] ints = new int[words];
        for (int i = 0; i < words; i++) {
            ints[i] = i * 0x9e3779b9;
        }
        byte[] bytes = o.op.startsWith("p2-") ? new byte[words * 4] : null;
        if (o.jna) {
            Pointer p = Native.getDirectBufferPointer(m.asByteBuffer());
            if (o.op.equals("p1-read32")) {
                return n -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        s += p.getInt(4L * i);
                    }
                    sink += s;
                };
            }
            return n -> {
                for (int i = 0; i < n; i++) {
                    p.setInt(4L * i, i);
                }
            };
        }
        switch (o.op) {
            case "p1-read32":
                return n -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        s += m.getIntAcquire(4L * i);
                    }
                    sink += s;
                };
            case "p1-write32":
                return n -> {
                    for (int i = 0; i < n; i++) {
                        m.putIntRelease(4L * i, i);
                    }
                };
            case "p2-read":
                return n -> {
                    m.read(0, bytes, 0, 4 * n);
                    sink += bytes[4 * n - 1];
                };
            case "p2-write":
                return n -> m.write(0, bytes, 0, 4 * n);
            case "p3-read32":
                return n -> {
                    m.read(0, ints, 0, n);
                    sink += ints[n - 1];
                };
            default:
                return n -> m.write(0, ints, 0, n);
        }
    }

    // ------------------------------------------------------ human output

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
