// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.devmap.Interrupt;

/**
 * {@code devmap wait WINDOW [--index I] [--timeout T] [--count N]}: waits
 * for interrupts of a window and prints one line per event,
 * {@code count=C dt=S.SSSSSSs}, with {@code missed=M} when the count jumped
 * by more than one ({@link Interrupt.Event#missed()}), or with
 * {@code --json} one object per line. {@code dt} is the time since the
 * previous event (the first: since the handle was opened).
 */
final class Wait {
    /** Exit status when no interrupt came within the timeout. */
    static final int TIMED_OUT = 3;

    private Wait() {
    }

    /** The parsed options. */
    static final class Options {
        int index;
        /** Per event; null: no limit. */
        Duration timeout;
        /** Events to wait for; 0: until a timeout or the process ends. */
        long count = 1;

        static Options of(CommandLine cl) throws UsageException {
            Options o = new Options();
            if (cl.has(Option.INDEX)) {
                String s = cl.value(Option.INDEX);
                long i = Numbers.parse("index", s, false);
                if (i < 0 || i > Integer.MAX_VALUE) {
                    throw new UsageException("bad index '" + s + "': too large");
                }
                o.index = (int) i;
            }
            if (cl.has(Option.TIMEOUT)) {
                o.timeout = duration("timeout", cl.value(Option.TIMEOUT));
            }
            if (cl.has(Option.COUNT)) {
                String s = cl.value(Option.COUNT);
                o.count = Numbers.parse("count", s, false);
                if (o.count < 0) {
                    throw new UsageException("bad count '" + s + "': too large");
                }
            }
            return o;
        }
    }

    /**
     * A duration: a decimal number with an optional unit {@code us},
     * {@code ms}, {@code s} (the default) or {@code m}, e.g. {@code 500ms},
     * {@code 1.5}, {@code 2m}.
     */
    static Duration duration(String what, String s) throws UsageException {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long nanosPerUnit;
        String number;
        if (t.endsWith("us")) {
            nanosPerUnit = 1_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ms")) {
            nanosPerUnit = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            nanosPerUnit = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            nanosPerUnit = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            nanosPerUnit = 1_000_000_000L;
            number = t;
        }
        BigDecimal v;
        try {
            if (number.isEmpty() || number.charAt(0) == '+' || number.charAt(0) == '-'
                    || number.indexOf('e') >= 0) {
                throw new NumberFormatException();
            }
            v = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new UsageException("bad " + what + " '" + s
                    + "': not a duration (e.g. 500ms, 2s, 1.5, 1m; units us, ms, s, m)");
        }
        BigDecimal nanos = v.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new UsageException("bad " + what + " '" + s + "': too large");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** One event's line. */
    static String line(Interrupt.Event e, long nanos) {
        String dt = String.format(Locale.ROOT, "count=%d dt=%d.%06ds", e.count(),
                nanos / 1_000_000_000L, nanos % 1_000_000_000L / 1_000L);
        return e.missed() > 0 ? dt + " missed=" + e.missed() : dt;
    }

    /** One event as a JSON object, for --json. */
    static String json(Interrupt.Event e, long nanos) {
        return String.format(Locale.ROOT, "{\"count\":%d,\"dt\":%d.%09d,\"missed\":%d}", e.count(),
                nanos / 1_000_000_000L, nanos % 1_000_000_000L, e.missed());
    }

    /**
     * Waits and prints; re-enables the interrupt after each event but the
     * last (a no-op for edge-triggered sources).
     *
     * @return 0 when every event came, {@link #TIMED_OUT} otherwise
     */
    static int run(Path device, Path sysfs, String window, Options o, boolean json, PrintStream out,
            PrintStream err) throws IOException {
        try (Interrupt irq = Interrupt.open(device, window, o.index, sysfs)) {
            long last = System.nanoTime();
            for (long n = 0; o.count == 0 || n < o.count; n++) {
                if (n > 0) {
                    irq.enable();
                }
                Interrupt.Event e = o.timeout == null ? irq.await() : irq.await(o.timeout).orElse(null);
                long now = System.nanoTime();
                if (e == null) {
                    out.flush();
                    err.println("devmap: wait: no interrupt " + o.index + " of '" + window + "' within "
                            + seconds(o.timeout) + " (" + n + " event" + (n == 1 ? "" : "s") + " seen)");
                    return TIMED_OUT;
                }
                out.println(json ? json(e, now - last) : line(e, now - last));
                out.flush();
                last = now;
            }
            return 0;
        } catch (InterruptedException e) {
            // Only when embedded: the command's own thread is never interrupted.
            Thread.currentThread().interrupt();
            throw new IOException("wait: interrupted", e);
        }
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }
}
