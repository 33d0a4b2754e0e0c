// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.devmap.Interrupt;

/**
 * The Java side of the interrupt latency benchmark (issue 11, {@code make
 * bench}); the C reference is {@code tests/bench/devmap_irq_bench.c}, with
 * the same arguments and output line:
 *
 * <pre>
 * java -cp devmap.jar:jna.jar org.devmap.cli.IrqBench [--device PATH] WINDOW INDEX DOORBELL VALUE [EVENTS [WARMUP]]
 * bench op=irq-latency impl=java events=N median_ns=X p99_ns=Y min_ns=Z max_ns=W
 * </pre>
 *
 * <p>Each event: one 32-bit positional write of VALUE at the physical
 * address DOORBELL of {@code /dev/map} (a {@code pwrite}, as in C), then
 * {@link Interrupt#await(Duration)}; the time from before the write to the
 * return of {@code await} is recorded. WARMUP events (default 100) let the
 * JIT compile the loop and are not counted.
 */
public final class IrqBench {
    private IrqBench() {
    }

    /**
     * Runs the benchmark and exits: 0 done, 1 failure, 2 usage error.
     *
     * @param args the command line, as {@code devmap_irq_bench}'s
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path device = Path.of("/dev/map");
        int a = 0;
        if (args.length > 2 && args[0].equals("--device")) {
            device = Path.of(args[1]);
            a = 2;
        }
        int n = args.length - a;
        if (n < 4 || n > 6) {
            err.println("usage: IrqBench [--device PATH] WINDOW INDEX DOORBELL VALUE [EVENTS [WARMUP]]");
            return 2;
        }
        String window = args[a];
        try {
            long index = Numbers.parse("index", args[a + 1], false);
            long doorbell = Numbers.address(args[a + 2], 32);
            long value = Numbers.value(args[a + 3], 32);
            long events = n > 4 ? Numbers.parse("event count", args[a + 4], false) : 1000;
            long warmup = n > 5 ? Numbers.parse("warm-up count", args[a + 5], false) : 100;
            if (index < 0 || index > Integer.MAX_VALUE) {
                throw new UsageException("bad index '" + args[a + 1] + "': too large");
            }
            if (events < 1 || events > 10_000_000) {
                throw new UsageException("bad event count '" + args[a + 4] + "': 1 to 10000000");
            }
            if (warmup < 0 || warmup > 10_000_000) {
                throw new UsageException("bad warm-up count '" + args[a + 5] + "': 0 to 10000000");
            }
            long[] lat = measure(device, window, (int) index, doorbell, (int) value, (int) events,
                    (int) warmup);
            Arrays.sort(lat);
            int e = lat.length;
            out.printf("bench op=irq-latency impl=java events=%d median_ns=%d p99_ns=%d min_ns=%d max_ns=%d%n",
                    e, lat[e / 2], lat[(e * 99 + 99) / 100 - 1], lat[0], lat[e - 1]);
            return 0;
        } catch (UsageException e) {
            err.println("IrqBench: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("IrqBench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("IrqBench: interrupted");
            return 1;
        }
    }

    private static long[] measure(Path device, String window, int index, long doorbell, int value,
            int events, int warmup) throws IOException, InterruptedException {
        long[] lat = new long[events];
        Duration second = Duration.ofSeconds(1);
        ByteBuffer ring = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        ring.putInt(0, value);
        try (Interrupt irq = Interrupt.open(device, window, index);
             FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            for (int i = 0; i < warmup + events; i++) {
                ring.clear();
                long t0 = System.nanoTime();
                if (ch.write(ring, doorbell) != 4) {
                    throw new IOException(String.format("ring 0x%x: short write", doorbell));
                }
                if (irq.await(second).isEmpty()) {
                    throw new IOException("event " + i + ": no interrupt within 1 s");
                }
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    lat[i - warmup] = t1 - t0;
                }
            }
        }
        return lat;
    }
}
