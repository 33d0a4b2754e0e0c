// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.devmap.MapOptions;
import org.devmap.Mapping;
import org.devmap.MemoryType;
import org.devmap.Window;
import org.devmap.Windows;

/**
 * The {@code devmap} command: inspect and exercise physical memory windows
 * through {@code /dev/map} (or any mmap-able device or file).
 *
 * <p>Exit codes: 0 success, 1 failure (I/O error, errno, memtest failure),
 * 2 usage error. Errors go to stderr and name the offending value.
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "Usage: devmap [OPTIONS] COMMAND [ARGS]",
            "",
            "Access physical memory windows through /dev/map.",
            "",
            "Commands:",
            "  info                          list the windows from sysfs",
            "  read ADDR [8|16|32|64]        ordered read, printed as hex (default 32 bits)",
            "  write ADDR VALUE [8|16|32|64] ordered store (default 32 bits)",
            "  dump ADDR LEN                 hexdump -C of a range, physical addresses",
            "  fill ADDR LEN VALUE [8|16|32|64]  fill a range (default 8 bits)",
            "  memtest ADDR LEN [--seed N] [--passes N]  test memory with patterns",
            "  bench ADDR LEN [--op OP [--impl java|jna] [--iters N] [--reps N] [--warmup MS]]",
            "                                access speed; with --op one machine-readable line",
            "",
            "Options:",
            "  --device PATH   device or file to map (default /dev/map)",
            "  --cached        treat the memory as cached: fast bulk copies",
            "  --uncached      treat the memory as device memory: aligned element-wise copies",
            "  --sysfs DIR     windows directory (default /sys/class/misc/map/windows)",
            "  -h, --help      show this help",
            "",
            "Numbers are hex (0x...) or decimal; LEN may end in K, M or G.",
            "Exit status: 0 ok, 1 failure, 2 usage error.",
            "");

    private final PrintStream out;
    private final PrintStream err;
    private static final Path DEVMAP = Path.of("/dev/map");

    private Path device = DEVMAP;
    private Path sysfs = Windows.DEFAULT_ROOT;
    private MemoryType memoryType;

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
        try {
            return new Main(out, err).execute(args);
        } catch (UsageException e) {
            err.println("devmap: " + e.getMessage());
            err.println("Try 'devmap --help'.");
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
        int i = 0;
        boolean cached = false;
        boolean uncached = false;
        for (; i < argv.length && argv[i].startsWith("-"); i++) {
            String a = argv[i];
            switch (a) {
                case "-h":
                case "--help":
                    out.print(USAGE);
                    return 0;
                case "--device":
                    device = Path.of(optionValue(argv, ++i, a));
                    break;
                case "--sysfs":
                    sysfs = Path.of(optionValue(argv, ++i, a));
                    break;
                case "--cached":
                    cached = true;
                    break;
                case "--uncached":
                    uncached = true;
                    break;
                default:
                    if (a.startsWith("--device=")) {
                        device = Path.of(a.substring("--device=".length()));
                    } else if (a.startsWith("--sysfs=")) {
                        sysfs = Path.of(a.substring("--sysfs=".length()));
                    } else {
                        throw new UsageException("unknown option '" + a + "'");
                    }
            }
        }
        if (cached && uncached) {
            throw new UsageException("--cached and --uncached exclude each other");
        }
        memoryType = cached ? MemoryType.CACHED : uncached ? MemoryType.DEVICE : null;
        if (i >= argv.length) {
            throw new UsageException("missing command");
        }
        String command = argv[i];
        List<String> args = new ArrayList<>(List.of(argv).subList(i + 1, argv.length));
        switch (command) {
            case "info":
                expect(command, args, 0, 0);
                return info();
            case "read":
                return read(command, args);
            case "write":
                return write(command, args);
            case "dump":
                return dump(command, args);
            case "fill":
                return fill(command, args);
            case "memtest":
                return memtest(command, args);
            case "bench":
                return bench(command, args);
            case "help":
                out.print(USAGE);
                return 0;
            default:
                throw new UsageException("unknown command '" + command + "'");
        }
    }

    private static String optionValue(String[] argv, int i, String option) throws UsageException {
        if (i >= argv.length) {
            throw new UsageException("option " + option + " needs a value");
        }
        return argv[i];
    }

    private static void expect(String command, List<String> args, int min, int max)
            throws UsageException {
        if (args.size() < min) {
            throw new UsageException(command + ": missing arguments");
        }
        if (args.size() > max) {
            throw new UsageException(command + ": unexpected argument '" + args.get(max) + "'");
        }
    }

    /*
     * A one-shot access of up to 32 bits to /dev/map (or a regular file)
     * goes through pread()/pwrite() at the physical address: the driver
     * makes it one aligned access of that width, and the command skips
     * mapping set-up and JNA's start-up, most of a one-shot command's time.
     * Other devices give read() another meaning (UIO) or copy bytewise
     * (/dev/mem), and 64-bit values would be split in two accesses: they
     * use the mapping, as does any failure here, so that errors carry the
     * errno of the mapping path.
     */
    private boolean positional(long address, int bits) {
        if (bits > 32) {
            return false;
        }
        if (device.equals(DEVMAP)) {
            return true;
        }
        try {
            // Never past the end: a write there would grow the file.
            return Files.isRegularFile(device) && address <= Files.size(device) - bits / 8;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the value, or null when the mapping path must be taken. */
    private Long readPositional(long address, int bits) {
        if (!positional(address, bits)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(bits / 8).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            if (ch.read(b, address) != bits / 8) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        b.flip();
        switch (bits) {
            case 8:
                return b.get() & 0xffL;
            case 16:
                return b.getShort() & 0xffffL;
            default:
                return b.getInt() & 0xffffffffL;
        }
    }

    /** Returns whether the value was written; if not, use the mapping. */
    private boolean writePositional(long address, int bits, long value) {
        if (!positional(address, bits)) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(bits / 8).order(ByteOrder.nativeOrder());
        switch (bits) {
            case 8:
                b.put((byte) value);
                break;
            case 16:
                b.putShort((short) value);
                break;
            default:
                b.putInt((int) value);
                break;
        }
        b.flip();
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            return ch.write(b, address) == bits / 8;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Mapping map(long address, long length) throws IOException {
        MapOptions options = MapOptions.defaults().withMemoryType(memoryType).withWindowsRoot(sysfs);
        return Mapping.open(device, address, length, options);
    }

    // ---------------------------------------------------------------- commands

    private int info() throws IOException {
        if (!Files.isDirectory(sysfs)) {
            err.println("devmap: no windows: " + sysfs + " does not exist (is the driver loaded?)");
            return 1;
        }
        List<Window> windows = Windows.list(sysfs);
        List<String> ranges = new ArrayList<>();
        int width = 23; // 0x%08x-0x%08x; wider for addresses above 4 GiB
        for (Window w : windows) {
            String range = String.format("0x%08x-0x%08x", w.phys(), w.last());
            ranges.add(range);
            width = Math.max(width, range.length());
        }
        String row = "%-16s %-" + width + "s %12s  %-8s  %s%n";
        out.printf(row, "NAME", "RANGE", "SIZE", "MODE", "SOURCE");
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            out.printf(row, w.name(), ranges.get(i), String.format("0x%x", w.size()),
                    w.mode().sysfsName(), w.source());
        }
        return 0;
    }

    private int read(String command, List<String> args) throws IOException, UsageException {
        expect(command, args, 1, 2);
        int bits = args.size() > 1 ? Numbers.width(args.get(1)) : 32;
        long address = Numbers.address(args.get(0), bits);
        Long quick = readPositional(address, bits);
        if (quick != null) {
            out.println(Numbers.hex(quick, bits));
            return 0;
        }
        try (Mapping m = map(address, bits / 8)) {
            long v = m.getVolatile(0, bits);
            out.println(Numbers.hex(v, bits));
        }
        return 0;
    }

    private int write(String command, List<String> args) throws IOException, UsageException {
        expect(command, args, 2, 3);
        int bits = args.size() > 2 ? Numbers.width(args.get(2)) : 32;
        long address = Numbers.address(args.get(0), bits);
        long value = Numbers.value(args.get(1), bits);
        if (writePositional(address, bits, value)) {
            return 0;
        }
        try (Mapping m = map(address, bits / 8)) {
            // Registers may have side effects on read: no read-back.
            m.putVolatile(0, bits, value);
        }
        return 0;
    }

    private int dump(String command, List<String> args) throws IOException, UsageException {
        expect(command, args, 2, 2);
        long address = Numbers.address(args.get(0), 8);
        int length = Numbers.length(args.get(1), 1);
        try (Mapping m = map(address, length)) {
            HexDump.dump(m, address, length, out);
        }
        return 0;
    }

    private int fill(String command, List<String> args) throws IOException, UsageException {
        expect(command, args, 3, 4);
        int bits = args.size() > 3 ? Numbers.width(args.get(3)) : 8;
        long address = Numbers.address(args.get(0), bits);
        int length = Numbers.length(args.get(1), bits / 8);
        long value = Numbers.value(args.get(2), bits);
        try (Mapping m = map(address, length)) {
            m.fill(0, length, bits, value);
        }
        return 0;
    }

    private int memtest(String command, List<String> args) throws IOException, UsageException {
        Long seed = null;
        int passes = 1;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--seed")) {
                if (++i >= args.size()) {
                    throw new UsageException("option --seed needs a value");
                }
                seed = Numbers.parse("seed", args.get(i), false);
            } else if (a.equals("--passes")) {
                if (++i >= args.size()) {
                    throw new UsageException("option --passes needs a value");
                }
                long p = Numbers.parse("pass count", args.get(i), false);
                if (p < 1 || p > Integer.MAX_VALUE) {
                    throw new UsageException("bad pass count '" + args.get(i) + "': must be 1 or more");
                }
                passes = (int) p;
            } else if (a.startsWith("-")) {
                throw new UsageException("memtest: unknown option '" + a + "'");
            } else {
                positional.add(a);
            }
        }
        expect(command, positional, 2, 2);
        long address = Numbers.address(positional.get(0), 32);
        int length = Numbers.length(positional.get(1), 4);
        if (seed == null) {
            seed = System.nanoTime() & 0xffffffffL;
        }
        try (Mapping m = map(address, length)) {
            return new MemTest(m, address, out, seed, passes).run() ? 0 : 1;
        }
    }

    private int bench(String command, List<String> args) throws IOException, UsageException {
        Bench.Options o = Bench.Options.parse(args);
        expect(command, o.positional, 2, 2);
        long address = Numbers.address(o.positional.get(0), 32);
        int length = Numbers.length(o.positional.get(1), 4);
        try (Mapping m = map(address, length)) {
            Bench b = new Bench(m, address, out);
            if (o.op != null) {
                return b.run(o, err);
            }
            b.run();
        }
        return 0;
    }
}
