// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.util.List;

/**
 * One entry of the CLI's option table ({@link #TABLE}): every option of
 * every command is declared here once, with the commands it applies to and
 * its help line; {@link CommandLine} parses against the table and the help
 * texts are made from it.
 */
final class Option {
    /** The long name, e.g. {@code --width}. */
    final String name;
    /** The short name, e.g. {@code -w}, or null. */
    final String shortName;
    /** The value's name in help texts, or null for a flag. */
    final String arg;
    /** May be given more than once (the values are kept in order). */
    final boolean repeatable;
    /** The commands it applies to; empty: every command (a global option). */
    final List<String> commands;
    final String help;

    private Option(String name, String shortName, String arg, boolean repeatable, String help,
            String... commands) {
        this.name = name;
        this.shortName = shortName;
        this.arg = arg;
        this.repeatable = repeatable;
        this.help = help;
        this.commands = List.of(commands);
    }

    static final String DEVICE = "--device";
    static final String SYSFS = "--sysfs";
    static final String CACHED = "--cached";
    static final String UNCACHED = "--uncached";
    static final String HELP = "--help";
    static final String VERSION = "--version";
    static final String JSON = "--json";
    static final String WIDTH = "--width";
    static final String FIELD = "--field";
    static final String SET = "--set";
    static final String CLEAR = "--clear";
    static final String SEED = "--seed";
    static final String PASSES = "--passes";
    static final String OP = "--op";
    static final String IMPL = "--impl";
    static final String ITERS = "--iters";
    static final String REPS = "--reps";
    static final String WARMUP = "--warmup";
    static final String FOR_CPU = "--for-cpu";
    static final String FOR_DEVICE = "--for-device";
    static final String DIRECTION = "--direction";
    static final String INDEX = "--index";
    static final String TIMEOUT = "--timeout";
    static final String COUNT = "--count";

    static final String OPS = "p1-read32, p1-write32, p2-read, p2-write, p3-read32, p3-write32,"
            + " dma-write32, dma-read32, dma-sync";

    /** The table. Help texts list options in this order. */
    static final List<Option> TABLE = List.of(
            new Option(DEVICE, null, "PATH", false, "device or file to map (default /dev/map)"),
            new Option(CACHED, null, null, false, "treat the memory as cached: fast bulk copies"),
            new Option(UNCACHED, null, null, false,
                    "treat the memory as device memory: aligned element-wise copies"),
            new Option(SYSFS, null, "DIR", false, "windows directory (default /sys/class/misc/map/windows)"),
            new Option(HELP, "-h", null, false, "show help (of the command, after one)"),
            new Option(VERSION, null, null, false, "print the version and exit"),
            new Option(WIDTH, "-w", "BITS", false, "access width: 8, 16, 32 or 64 (-w8 works too)",
                    "read", "write", "modify", "fill"),
            new Option(WIDTH, "-w", "BITS", false,
                    "word width: 8, 16, 32 or 64 (default 32 on device memory, else 8)", "dump"),
            new Option(JSON, null, null, false, "one JSON object per line", "info", "read", "wait"),
            new Option(FIELD, null, "HI:LO", false, "only bits HI down to LO of the value", "read"),
            new Option(FIELD, null, "HI:LO=VALUE", true, "set bits HI down to LO to VALUE", "modify"),
            new Option(SET, null, "MASK", false, "set the bits of MASK", "modify"),
            new Option(CLEAR, null, "MASK", false, "clear the bits of MASK", "modify"),
            new Option(SEED, null, "N", false, "seed of the random pattern (default: the clock)", "memtest"),
            new Option(PASSES, null, "N", false, "number of passes (default 1)", "memtest"),
            // Not Bench.OPS: that would load Bench on every start (a test compares).
            new Option(OP, null, "OP", false, "one machine-readable line for OP: " + OPS, "bench"),
            new Option(IMPL, null, "java|jna", false, "with --op p1-*: accesses through JNA (baseline)",
                    "bench"),
            new Option(ITERS, null, "N", false, "with --op: sweeps per batch (default 100)", "bench"),
            new Option(REPS, null, "N", false, "with --op: batches, the median is printed (default 5)",
                    "bench"),
            new Option(WARMUP, null, "MS", false, "with --op: warm-up time (default 500)", "bench"),
            new Option(FOR_CPU, null, null, false,
                    "hand the range to the CPU, after the device wrote (default from-device)", "sync"),
            new Option(FOR_DEVICE, null, null, false,
                    "hand the range to the device, after the CPU wrote (default to-device)", "sync"),
            new Option(DIRECTION, null, "DIR", false, "to-device, from-device or bidirectional", "sync"),
            new Option(INDEX, "-i", "I", false, "which interrupt of the window (default 0)", "wait"),
            new Option(TIMEOUT, "-t", "T", false,
                    "give up when no event came for T (500ms, 2s, 1.5, 1m); exit 3", "wait"),
            new Option(COUNT, "-n", "N", false, "events to wait for (default 1; 0: no end)", "wait"));

    boolean isGlobal() {
        return commands.isEmpty();
    }

    boolean appliesTo(String command) {
        return commands.isEmpty() || commands.contains(command);
    }

    /** The option called {@code token} ("--width" or "-w") for a command, or null. */
    static Option find(String token, String command) {
        Option any = null;
        for (Option o : TABLE) {
            if (token.equals(o.name) || token.equals(o.shortName)) {
                if (command == null || o.appliesTo(command)) {
                    return o;
                }
                any = o;
            }
        }
        return any;
    }

    /** "  -w, --width BITS" padded, then the help. */
    String helpLine() {
        String names = (shortName != null ? shortName + ", " : "    ") + name
                + (arg != null ? " " + arg : "");
        return String.format("  %-24s %s%n", names, help);
    }
}
