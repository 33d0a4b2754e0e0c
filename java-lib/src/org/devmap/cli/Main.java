// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.devmap.DmaDirection;
import org.devmap.MapOptions;
import org.devmap.Mapping;
import org.devmap.MemoryType;
import org.devmap.OneShot;
import org.devmap.Width;
import org.devmap.Window;
import org.devmap.Windows;

/**
 * The {@code devmap} command: inspect and exercise physical memory windows
 * through {@code /dev/map} (or any mmap-able device or file). Options are
 * declared once in {@link Option#TABLE}, commands in {@link Command}.
 *
 * <p>Exit codes: 0 success, 1 failure (I/O error, errno, memtest failure),
 * 2 usage error, 3 wait timed out. Errors go to stderr and name the offending value.
 */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;

    private Path device = Path.of("/dev/map");
    private Path sysfs = Windows.DEFAULT_ROOT;
    private MemoryType memoryType;
    /** The command once known, for the hint after a usage error. */
    private Command command;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command and exits the JVM with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command without exiting, for tests and embedding.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors go
     * @return the exit status: 0 ok, 1 failure, 2 usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main(out, err);
        try {
            return main.execute(args);
        } catch (UsageException e) {
            err.println("devmap: " + e.getMessage());
            err.println(main.command == null ? "Try 'devmap --help'."
                    : "Try 'devmap " + main.command.name + " --help'.");
            return 2;
        } catch (IllegalArgumentException e) {
            // The library's own argument checks (alignment, value width).
            err.println("devmap: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("devmap: " + e.getMessage());
            return 1;
        } catch (LinkageError e) {
            err.println("devmap: cannot load the native library (JNA): " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    private int execute(String[] argv) throws IOException, UsageException {
        CommandLine cl = CommandLine.parse(argv);
        command = cl.command == null ? null : Command.find(cl.command);
        if (cl.has(Option.HELP)) {
            out.print(command == null || command == Command.HELP ? Command.usage() : command.help());
            return 0;
        }
        if (cl.has(Option.VERSION)) {
            out.println("devmap " + version());
            out.println("DMA sync calls: " + org.devmap.internal.ForeignIoctl.describe());
            return 0;
        }
        if (cl.command == null) {
            throw new UsageException("missing command");
        }
        if (command == null) {
            throw new UsageException("unknown command '" + cl.command + "'");
        }
        cl.check();
        if (cl.has(Option.CACHED) && cl.has(Option.UNCACHED)) {
            throw new UsageException("--cached and --uncached exclude each other");
        }
        memoryType = cl.has(Option.CACHED) ? MemoryType.CACHED
                : cl.has(Option.UNCACHED) ? MemoryType.DEVICE : null;
        if (cl.has(Option.DEVICE)) {
            device = Path.of(cl.value(Option.DEVICE));
        }
        if (cl.has(Option.SYSFS)) {
            sysfs = Path.of(cl.value(Option.SYSFS));
        }
        List<String> args = cl.args;
        // A switch on the name, not on the enum: no synthetic class to load.
        switch (command.name) {
            case "info":
                expect(command, args, 0, 0);
                return info(cl);
            case "read":
                return read(cl);
            case "write":
                return write(cl);
            case "modify":
                return modify(cl);
            case "dump":
                return dump(cl);
            case "fill":
                return fill(cl);
            case "memtest":
                return memtest(cl);
            case "bench":
                return bench(cl);
            case "sync":
                return sync(cl);
            case "wait":
                return waitFor(cl);
            default:
                expect(command, args, 0, 1);
                Command about = args.isEmpty() ? null : Command.find(args.get(0));
                if (!args.isEmpty() && about == null) {
                    throw new UsageException("help: unknown command '" + args.get(0) + "'");
                }
                out.print(about == null ? Command.usage() : about.help());
                return 0;
        }
    }

    private static void expect(Command command, List<String> args, int min, int max)
            throws UsageException {
        if (args.size() < min) {
            throw new UsageException(command.name + ": missing arguments (devmap " + command.name + " "
                    + command.synopsis + ")");
        }
        if (args.size() > max) {
            throw new UsageException(command.name + ": unexpected argument '" + args.get(max) + "'");
        }
    }

    /**
     * The width: --width, else a trailing positional WIDTH (read, fill) at
     * index {@code at}, else the default. Both given must agree.
     */
    private static Width width(CommandLine cl, int at, int defaultBits) throws UsageException {
        String opt = cl.value(Option.WIDTH);
        String pos = at >= 0 && cl.args.size() > at ? cl.args.get(at) : null;
        if (opt != null && pos != null && !opt.equals(pos)) {
            throw new UsageException("width given twice: --width " + opt + " and " + pos);
        }
        String s = opt != null ? opt : pos;
        return Width.ofBits(s == null ? defaultBits : Numbers.width(s));
    }

    /** The version of the build, from the resource the build writes. */
    static String version() {
        try (java.io.InputStream in = Main.class.getResourceAsStream("version")) {
            if (in != null) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException e) {
            // unknown, below
        }
        return "(version unknown)";
    }

    private MapOptions options() {
        return MapOptions.defaults().withMemoryType(memoryType).withWindowsRoot(sysfs);
    }

    private Mapping map(long address, long length) throws IOException {
        return Mapping.open(device, address, length, options());
    }

    // ---------------------------------------------------------------- commands

    private int info(CommandLine cl) throws IOException {
        if (!Files.isDirectory(sysfs)) {
            err.println("devmap: no windows: " + sysfs + " does not exist (is the driver loaded?)");
            return 1;
        }
        Info.print(Windows.list(sysfs), cl.has(Option.JSON), out);
        return 0;
    }

    private int read(CommandLine cl) throws IOException, UsageException {
        expect(Command.READ, cl.args, 1, 2);
        Width w = width(cl, 1, 32);
        Field field = cl.has(Option.FIELD) ? Field.parse(cl.value(Option.FIELD), w, false) : null;
        long address = Numbers.address(cl.args.get(0), w.bits());
        long v = OneShot.read(device, address, w, options());
        if (cl.has(Option.JSON)) {
            Json j = new Json().hex("address", address).put("width", w.bits());
            if (field != null) {
                v = field.extract(v);
                j.put("field", field.hi + ":" + field.lo);
            }
            out.println(j.raw("value", Long.toUnsignedString(v))
                    .put("hex", field == null ? w.hex(v) : field.hex(v)));
            return 0;
        }
        out.println(field == null ? w.hex(v) : field.hex(field.extract(v)));
        return 0;
    }

    private int write(CommandLine cl) throws IOException, UsageException {
        expect(Command.WRITE, cl.args, 2, Integer.MAX_VALUE);
        if (!cl.has(Option.WIDTH) && !cl.endOfOptions) {
            ambiguousWidth(cl.args);
        }
        Width w = width(cl, -1, 32);
        long address = Numbers.address(cl.args.get(0), w.bits());
        long[] values = new long[cl.args.size() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = Numbers.value(cl.args.get(i + 1), w.bits());
        }
        OneShot.write(device, address, w, options(), values);
        return 0;
    }

    /**
     * Refuses {@code write ADDR 8 3} (and {@code write ADDR 3 8}, the old
     * positional width): a width word next to another value was most
     * likely meant as the width, and would be written as a 32-bit value.
     */
    private static void ambiguousWidth(List<String> args) throws UsageException {
        int n = args.size() - 1;
        String first = args.get(1);
        String last = args.get(n);
        boolean leading = n >= 2 && isWidthWord(first);
        if (!leading && !(n == 2 && isWidthWord(last))) {
            return;
        }
        String word = leading ? first : last;
        String values = String.join(" ", args.subList(1, args.size()));
        String others = leading ? String.join(" ", args.subList(2, args.size())) : first;
        throw new UsageException("write: is '" + word + "' a width or a value? Give the width with -w: '"
                + "devmap write -w " + word + " " + args.get(0) + " " + others + "' writes " + others
                + " at " + word + " bits; 'devmap write -w 32 " + args.get(0) + " " + values
                + "' (or -- before the address) writes " + values + " as 32-bit values");
    }

    private static boolean isWidthWord(String s) {
        return s.equals("8") || s.equals("16") || s.equals("32") || s.equals("64");
    }

    private int modify(CommandLine cl) throws IOException, UsageException {
        expect(Command.MODIFY, cl.args, 1, 1);
        Width w = width(cl, -1, 32);
        long address = Numbers.address(cl.args.get(0), w.bits());
        long set = mask(cl, Option.SET, w);
        long clear = mask(cl, Option.CLEAR, w);
        if ((set & clear) != 0) {
            throw new UsageException(String.format("modify: bits 0x%x are both set and cleared", set & clear));
        }
        for (String spec : cl.values(Option.FIELD)) {
            Field f = Field.parse(spec, w, true);
            if (((set | clear) & f.mask()) != 0) {
                throw new UsageException("modify: field " + spec + " overlaps another change");
            }
            clear |= f.mask();
            set |= f.value << f.lo;
        }
        if (!cl.has(Option.SET) && !cl.has(Option.CLEAR) && !cl.has(Option.FIELD)) {
            throw new UsageException("modify: nothing to change: give --set, --clear or --field");
        }
        Mapping.Change c = OneShot.modify(device, address, w, clear, set, options());
        out.println(w.hex(c.oldValue()) + " -> " + w.hex(c.newValue()));
        return 0;
    }

    /** A --set or --clear mask: inside the width. */
    private static long mask(CommandLine cl, String option, Width w) throws UsageException {
        String s = cl.value(option);
        if (s == null) {
            return 0;
        }
        long m = Numbers.parse("mask", s, false);
        if ((m & ~w.mask()) != 0) {
            throw new UsageException("bad mask '" + s + "' for " + option + ": bits outside the "
                    + w.bits() + "-bit width");
        }
        return m;
    }

    private int dump(CommandLine cl) throws IOException, UsageException {
        List<String> args = cl.args;
        expect(Command.DUMP, args, 2, 2);
        Width given = cl.has(Option.WIDTH) ? width(cl, -1, 8) : null;
        long address = Numbers.address(args.get(0), given == null ? 8 : given.bits());
        int length = Numbers.length(args.get(1), given == null ? 1 : given.bytes());
        try (Mapping m = map(address, length)) {
            // Registers that take only 32-bit accesses: words by default on
            // device memory, as memtool's md does; bytes on cached memory.
            Width w = given != null ? given : m.isDeviceMemory() ? Width.INT : Width.BYTE;
            if (given == null && (address % w.bytes() != 0 || length % w.bytes() != 0)) {
                throw new UsageException(String.format("dump: 0x%x+0x%x is not aligned to 32 bits;"
                        + " device memory is read in 32-bit words: give -w 8 or -w 16", address, length));
            }
            HexDump.dump(m, address, length, w, out);
        }
        return 0;
    }

    private int fill(CommandLine cl) throws IOException, UsageException {
        expect(Command.FILL, cl.args, 3, 4);
        Width w = width(cl, 3, 8);
        long address = Numbers.address(cl.args.get(0), w.bits());
        int length = Numbers.length(cl.args.get(1), w.bytes());
        long value = Numbers.value(cl.args.get(2), w.bits());
        try (Mapping m = map(address, length)) {
            m.fill(0, length, w, value);
        }
        return 0;
    }

    private int memtest(CommandLine cl) throws IOException, UsageException {
        expect(Command.MEMTEST, cl.args, 2, 2);
        long seed = cl.has(Option.SEED) ? Numbers.parse("seed", cl.value(Option.SEED), false)
                : System.nanoTime() & 0xffffffffL;
        int passes = 1;
        if (cl.has(Option.PASSES)) {
            String s = cl.value(Option.PASSES);
            long p = Numbers.parse("pass count", s, false);
            if (p < 1 || p > Integer.MAX_VALUE) {
                throw new UsageException("bad pass count '" + s + "': must be 1 or more");
            }
            passes = (int) p;
        }
        long address = Numbers.address(cl.args.get(0), 32);
        int length = Numbers.length(cl.args.get(1), 4);
        try (Mapping m = map(address, length)) {
            return new MemTest(m, address, out, seed, passes).run() ? 0 : 1;
        }
    }

    private int bench(CommandLine cl) throws IOException, UsageException {
        Bench.Options o = Bench.Options.of(cl);
        expect(Command.BENCH, cl.args, 2, 2);
        long address = Numbers.address(cl.args.get(0), 32);
        int length = Numbers.length(cl.args.get(1), 4);
        try (Mapping m = map(address, length)) {
            Bench b = new Bench(m, address, out);
            if (o.op != null) {
                return b.run(o, err);
            }
            b.run();
        }
        return 0;
    }

    private int waitFor(CommandLine cl) throws IOException, UsageException {
        Wait.Options o = Wait.Options.of(cl);
        expect(Command.WAIT, cl.args, 1, 1);
        return Wait.run(device, sysfs, cl.args.get(0), o, cl.has(Option.JSON), out, err);
    }

    private int sync(CommandLine cl) throws IOException, UsageException {
        expect(Command.SYNC, cl.args, 3, 3);
        boolean forCpu = cl.has(Option.FOR_CPU);
        boolean forDevice = cl.has(Option.FOR_DEVICE);
        if (forCpu == forDevice) {
            throw new UsageException(forCpu ? "sync: --for-cpu and --for-device exclude each other"
                    : "sync: give --for-cpu or --for-device");
        }
        DmaDirection dir = forCpu ? DmaDirection.FROM_DEVICE : DmaDirection.TO_DEVICE;
        if (cl.has(Option.DIRECTION)) {
            String d = cl.value(Option.DIRECTION);
            try {
                dir = DmaDirection.fromWord(d);
            } catch (IllegalArgumentException e) {
                throw new UsageException("bad direction '" + d
                        + "': use to-device, from-device or bidirectional");
            }
        }
        String name = cl.args.get(0);
        long offset = Numbers.parse("offset", cl.args.get(1), true);
        if (offset < 0) {
            throw new UsageException("bad offset '" + cl.args.get(1) + "': too large");
        }
        int length = Numbers.length(cl.args.get(2), 1);
        Window w = Windows.named(sysfs, name).orElse(null);
        if (w == null) {
            err.println("devmap: sync: no window '" + name + "' in " + sysfs
                    + " (see 'devmap info')");
            return 1;
        }
        if (Long.compareUnsigned(offset, w.size()) >= 0
                || Long.compareUnsigned(length, w.size() - offset) > 0) {
            throw new UsageException(String.format(
                    "sync: range 0x%x+0x%x runs past the end of window '%s' (size 0x%x)",
                    offset, length, name, w.size()));
        }
        // Mapping only to reach the range: nothing is accessed, no page faulted in.
        try (Mapping m = map(w.phys() + offset, length)) {
            if (forCpu) {
                m.syncForCpu(0, length, dir);
            } else {
                m.syncForDevice(0, length, dir);
            }
        }
        return 0;
    }
}
