// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.devmap.Mapping;
import org.junit.Before;
import org.junit.Test;

/** The CLI against temporary files, through {@link Main#run}. */
public class MainTest extends CliRun {
    private Path file;

    @Before
    public void createFile() throws IOException {
        file = tmp.newFile("mem").toPath();
        Files.write(file, new byte[8192]);
    }

    private int dev(String... args) {
        return runOn(file.toString(), args);
    }

    private void assertUsage(String expectedError, String... args) {
        assertEquals(String.join(" ", args) + " -> " + err, 2, dev(args));
        assertTrue("stderr: " + err, err.startsWith("devmap: " + expectedError + "\n"));
        assertEquals("", out);
    }

    @Test
    public void help() {
        assertEquals(0, run("--help"));
        assertTrue(out.startsWith("Usage: devmap"));
        assertTrue(out.contains("memtest ADDR LEN"));
        assertEquals(0, run("-h"));
        assertEquals("", err);
    }

    @Test
    public void usageErrorsNameTheValue() {
        assertUsage("bad address 'zz': not a number", "read", "zz");
        assertUsage("bad address '-4': must not be negative", "read", "-4");
        assertUsage("bad address '0x8000000000000000': too large", "read", "0x8000000000000000");
        assertUsage("bad address '0x11': not aligned to 32 bits", "read", "0x11");
        assertUsage("bad width '12': must be 8, 16, 32 or 64", "read", "0x10", "12");
        assertUsage("bad value '0x1ff': does not fit in 8 bits", "write", "0x10", "0x1ff", "-w", "8");
        assertUsage("bad value '0x100000000': does not fit in 32 bits", "write", "0x10", "0x100000000");
        assertUsage("bad value 'abc': not a number", "write", "0x10", "abc");
        assertUsage("bad value '0x1ffffffffffffffff': too large", "write", "0", "0x1ffffffffffffffff", "--width=64");
        assertUsage("bad length '0': must be greater than 0", "dump", "0", "0");
        assertUsage("bad length '4G': larger than 2G - 1", "dump", "0", "4G");
        assertUsage("bad length '6': not a multiple of 4 bytes", "fill", "0", "6", "1", "32");
        assertUsage("bad length 'x1': not a number", "dump", "0", "x1");
        assertUsage("bad pass count '0': must be 1 or more", "memtest", "0", "4K", "--passes", "0");
        assertUsage("read: missing arguments (devmap read ADDR [WIDTH])", "read");
        assertUsage("read: unexpected argument 'extra'", "read", "0", "32", "extra");
        assertUsage("unknown command 'peek'", "peek");
        assertUsage("unknown option '--fast'", "memtest", "0", "4K", "--fast");
        assertEquals(2, run("--bogus", "info"));
        assertTrue(err, err.startsWith("devmap: unknown option '--bogus'"));
        assertEquals(2, run("--cached", "--uncached", "info"));
        assertEquals(2, run());
        assertTrue(err, err.startsWith("devmap: missing command"));
        assertEquals(2, run("--device"));
    }

    @Test
    public void writeThenRead() throws IOException {
        assertEquals(err, 0, dev("write", "0x10", "0xdeadbeef"));
        assertEquals("", out);
        assertEquals(0, dev("read", "0x10"));
        assertEquals("0xdeadbeef\n", out);
        assertEquals(0, dev("read", "16", "64"));
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? "0x00000000deadbeef\n" : "0xdeadbeef00000000\n", out);
        assertEquals(0, dev("write", "0x21", "255", "-w", "8"));
        assertEquals(0, dev("read", "0x21", "8"));
        assertEquals("0xff\n", out);
        assertEquals(0, dev("write", "-w", "16", "0x22", "0xbeef"));
        assertEquals(0, dev("read", "0x22", "16"));
        assertEquals("0xbeef\n", out);
        assertEquals(0, dev("write", "0x28", "0xffffffffffffffff", "--width", "64"));
        assertEquals(0, dev("read", "0x28", "64"));
        assertEquals("0xffffffffffffffff\n", out);
        assertEquals(0, dev("read", "0x30", "8"));
        assertEquals("0x00\n", out);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        assertEquals(0xdeadbeef, b.getInt(0x10));
        assertEquals((byte) 0xff, b.get(0x21));
        assertEquals(-1L, b.getLong(0x28));
        assertEquals(0, dev("--uncached", "read", "0x10"));
        assertEquals("0xdeadbeef\n", out);
    }

    /* One-shot accesses use pwrite on files: never past the end. */
    @Test
    public void writePastTheEndDoesNotGrowTheFile() throws IOException {
        long size = Files.size(file);
        assertEquals(1, dev("write", hexOf(size), "1", "-w", "8"));
        assertTrue(err, err.contains("ENXIO"));
        assertEquals(size, Files.size(file));
        assertEquals(0, dev("write", hexOf(size - 4), "0x01020304"));
        assertEquals(0, dev("read", hexOf(size - 4), "32"));
        assertEquals("0x01020304\n", out);
        assertEquals(size, Files.size(file));
    }

    private static String hexOf(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Test
    public void ioErrorsExitOne() {
        assertEquals(1, dev("read", "0x2000"));
        assertTrue(err, err.startsWith("devmap: mmap " + file + " offset=0x2000 length=0x4: ENXIO"));
        Path missing = file.resolveSibling("absent");
        assertEquals(1, run("--device", missing.toString(), "read", "0"));
        assertEquals("devmap: open " + missing + " offset=0x0 length=0x4: ENOENT (No such file or directory)\n",
                err);
    }

    @Test
    public void dumpHasTheLayoutOfHexdumpC() throws IOException {
        byte[] content = new byte[8192];
        byte[] text = "Hello, devmap!\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, content, 0x103, text.length);
        Files.write(file, content);
        assertEquals(err, 0, dev("dump", "0x100", "0x43"));
        assertEquals(String.join("\n",
                "00000100  00 00 00 48 65 6c 6c 6f  2c 20 64 65 76 6d 61 70  |...Hello, devmap|",
                "00000110  21 0a 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |!...............|",
                "00000120  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "*",
                "00000140  00 00 00                                          |...|",
                "00000143",
                ""), out);
    }

    @Test
    public void fillThenDump() {
        assertEquals(err, 0, dev("fill", "0x20", "8", "0xab"));
        assertEquals(0, dev("fill", "0x28", "8", "0x11223344", "32"));
        assertEquals(0, dev("dump", "0x20", "16"));
        String words = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? "44 33 22 11 44 33 22 11  |........D3\".D3\".|"
                : "11 22 33 44 11 22 33 44  |........\"3D.\"3D.|";
        assertEquals("00000020  ab ab ab ab ab ab ab ab  " + words + "\n00000030\n", out);
    }

    @Test
    public void memtestPassesOnGoodMemory() throws IOException {
        Path big = tmp.newFile("big").toPath();
        Files.write(big, new byte[1 << 20]);
        assertEquals(err, 0, run("--device", big.toString(), "memtest", "0", "1M", "--seed", "7",
                "--passes", "2"));
        String[] lines = out.split("\n");
        assertEquals("memtest: 0x0-0xfffff, 1048576 bytes, 2 passes, seed 0x7, cached memory", lines[0]);
        assertEquals("memtest: ok", lines[lines.length - 1]);
        assertTrue(out, out.contains("memtest: pass 1/2 walking-ones ok\n"));
        assertTrue(out, out.contains("memtest: pass 2/2 address 50%\n"));
        assertTrue(out, out.contains("memtest: pass 2/2 random ok\n"));
        // Reproducible: the random pattern's last word for seed 7, pass 2.
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(big)).order(ByteOrder.nativeOrder());
        java.util.SplittableRandom r = new java.util.SplittableRandom(7 + 2);
        int last = 0;
        for (int i = 0; i < (1 << 18); i++) {
            last = r.nextInt();
        }
        assertEquals(last, b.getInt((1 << 20) - 4));
    }

    @Test
    public void memtestReportsTheFirstBadWord() throws IOException {
        try (Mapping m = Mapping.open(file, 0x1000, 0x1000);
             Mapping saboteur = Mapping.open(file, 0x1000, 0x1000)) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            MemTest t = new MemTest(m, 0x1000, new PrintStream(o, true, StandardCharsets.UTF_8), 1, 1);
            // A stuck bit at word 0x10 once the walking-ones pattern is written.
            t.afterWrite = () -> {
                if (saboteur.getInt(4) == 2) {
                    saboteur.putInt(0x40, saboteur.getInt(0x40) | 0x100);
                }
            };
            assertFalse(t.run());
            String s = o.toString(StandardCharsets.UTF_8);
            assertTrue(s, s.contains("memtest: pass 1/1 walking-ones FAILED at 0x1040: "
                    + "expected 0x00010000, read 0x00010100\n"));
            assertTrue(s, s.endsWith("memtest: FAILED\n"));
        }
    }

    @Test
    public void benchPrintsRates() {
        assertEquals(err, 0, dev("bench", "0", "4K"));
        String[] lines = out.split("\n");
        assertEquals(5, lines.length);
        assertEquals("bench: 0x0-0xfff, 4096 bytes, cached memory", lines[0]);
        for (int i = 1; i < 5; i++) {
            assertTrue(lines[i], lines[i].matches("[a-z0-9 ]+ +[0-9.]+ ns/op +[0-9.]+ MB/s"));
        }
        assertTrue(out.contains("read32 volatile"));
        assertTrue(out.contains("bulk write32"));
    }

    @Test
    public void infoListsWindows() throws IOException {
        Path root = tmp.newFolder("windows").toPath();
        Path w = Files.createDirectories(root.resolve("buffer"));
        Files.writeString(w.resolve("phys"), "0xc0000000\n");
        Files.writeString(w.resolve("size"), "0x300000\n");
        Files.writeString(w.resolve("mode"), "uncached\n");
        Files.writeString(w.resolve("source"), "buffer\n");
        Path p = Files.createDirectories(root.resolve("sdram"));
        Files.writeString(p.resolve("phys"), "0xd0000000\n");
        Files.writeString(p.resolve("size"), "0x1000\n");
        Files.writeString(p.resolve("mode"), "uncached\n");
        Files.writeString(p.resolve("source"), "param\n");
        Files.writeString(w.resolve("dma"), "0x40000000\n");
        Files.writeString(w.resolve("dma_device"), "devmap-dma\n");
        Files.writeString(w.resolve("coherent"), "1\n");
        assertEquals(err, 0, run("--sysfs", root.toString(), "info"));
        assertEquals(String.join("\n",
                "NAME             RANGE                           SIZE  MODE      SOURCE    DMA",
                "buffer           0xc0000000-0xc02fffff       0x300000  uncached  buffer    0x40000000 coherent devmap-dma",
                "sdram            0xd0000000-0xd0000fff         0x1000  uncached  param     -",
                ""), out);
        Files.writeString(w.resolve("coherent"), "0\n");
        assertEquals(err, 0, run("--sysfs", root.toString(), "info"));
        assertTrue(out, out.contains(" 0x40000000 non-coherent devmap-dma\n"));
        assertEquals(1, run("--sysfs", root.resolve("absent").toString(), "info"));
        assertTrue(err, err.contains("does not exist"));
    }

    @Test
    public void helpPerCommand() {
        for (String c : new String[] {"info", "read", "write", "modify", "dump", "fill", "memtest", "bench",
                "sync"}) {
            assertEquals(c, 0, run(c, "--help"));
            assertTrue(out, out.startsWith("Usage: devmap " + c + " [OPTIONS]"));
            assertTrue(out, out.contains("--device PATH"));
            assertEquals("", err);
        }
        assertEquals(0, run("read", "-h"));
        assertTrue(out, out.contains("--field HI:LO "));
        assertTrue(out, out.contains("-w, --width BITS"));
        assertFalse(out, out.contains("--seed"));
        // --help wins over anything else on the line, even bad arguments.
        assertEquals(0, run("modify", "zz", "--help"));
        assertTrue(out, out.contains("--field HI:LO=VALUE"));
        assertEquals(0, run("help", "memtest"));
        assertTrue(out, out.startsWith("Usage: devmap memtest"));
        assertEquals(0, run("help"));
        assertTrue(out, out.startsWith("Usage: devmap [OPTIONS] COMMAND"));
        assertEquals(0, run("bench", "--help"));
        assertTrue(out, out.contains(String.join(", ", Bench.OPS)));
        assertEquals(2, run("help", "peek"));
        assertTrue(err, err.startsWith("devmap: help: unknown command 'peek'"));
    }

    @Test
    public void optionsAnywhereAndDoubleDash() {
        assertEquals(err, 0, run("write", "0x10", "0x11223344", "--device", file.toString()));
        assertEquals(0, run("read", "--device=" + file, "0x10"));
        assertEquals("0x11223344\n", out);
        assertEquals(0, run("read", "0x10", "-w", "8", "--device", file.toString()));
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0x44\n" : "0x11\n", out);
        assertEquals(0, dev("--", "read", "0x10"));
        assertEquals("0x11223344\n", out);
        // After --, a word is an argument even if it starts with a dash.
        assertUsage("bad address '--help': must not be negative", "read", "--", "--help");
        assertUsage("read: option --seed does not apply (see 'devmap read --help')", "read", "0", "--seed", "1");
        assertTrue(err, err.endsWith("Try 'devmap read --help'.\n"));
        assertUsage("option --width given twice", "read", "0", "-w", "8", "--width", "8");
        assertUsage("width given twice: --width 8 and 16", "read", "0", "16", "-w", "8");
        assertUsage("option --cached takes no value", "--cached=yes", "read", "0");
        assertUsage("option -w needs a value", "read", "0", "-w");
    }

    @Test
    public void writeSeveralValues() throws IOException {
        assertEquals(err, 0, dev("write", "0x40", "1", "2", "0x3", "0xffff", "-w", "16"));
        assertEquals("", out);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        assertEquals(1, b.getShort(0x40));
        assertEquals(2, b.getShort(0x42));
        assertEquals(3, b.getShort(0x44));
        assertEquals((short) 0xffff, b.getShort(0x46));
        assertEquals(0, dev("write", "0x50", "0x1122334455667788", "0x99", "-w", "64"));
        assertEquals(0, dev("read", "0x58", "64"));
        assertEquals("0x0000000000000099\n", out);
        // Every value is checked before the first store.
        assertUsage("bad value '0x10000': does not fit in 16 bits", "write", "-w", "16", "0x60", "7", "0x10000");
        assertEquals(0, dev("read", "0x60", "16"));
        assertEquals("0x0000\n", out);
        // Consecutive values past the end of the file: refused, the file stays.
        long size = Files.size(file);
        assertEquals(1, dev("write", hexOf(size - 4), "1", "2"));
        assertTrue(err, err.contains("ENXIO"));
        assertEquals(size, Files.size(file));
        assertUsage("write: missing arguments (devmap write ADDR VALUE...)", "write", "0x10");
    }

    @Test
    public void modifySetsClearsAndWritesFields() throws IOException {
        assertEquals(0, dev("write", "0x80", "0xf0f0f0f0"));
        assertEquals(err, 0, dev("modify", "0x80", "--set", "0x1", "--clear", "0x10"));
        assertEquals("0xf0f0f0f0 -> 0xf0f0f0e1\n", out);
        assertEquals(0, dev("modify", "0x80", "--field", "31:28=0x3", "--field", "11:8=5"));
        assertEquals("0xf0f0f0e1 -> 0x30f0f5e1\n", out);
        assertEquals(0, dev("read", "0x80"));
        assertEquals("0x30f0f5e1\n", out);
        assertEquals(0, dev("read", "0x80", "--field", "11:8"));
        assertEquals("0x5\n", out);
        assertEquals(0, dev("read", "0x80", "--field", "31:0"));
        assertEquals("0x30f0f5e1\n", out);
        assertEquals(0, dev("read", "0x80", "--field", "0:0"));
        assertEquals("0x1\n", out);
        assertEquals(0, dev("modify", "-w", "8", "0x83", "--clear", "0xff"));
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0x30 -> 0x00\n" : "0xe1 -> 0x00\n", out);
        // 64 bits take the mapping path.
        assertEquals(0, dev("modify", "-w", "64", "0x88", "--set", "0x8000000000000001"));
        assertEquals("0x0000000000000000 -> 0x8000000000000001\n", out);
    }

    @Test
    public void modifyAndFieldErrorsNameTheValue() throws IOException {
        assertUsage("bad field '33:0': bit 33 is outside the 32-bit width", "read", "0", "--field", "33:0");
        assertUsage("bad field '8:0=1': bit 8 is outside the 8-bit width", "modify", "0", "-w", "8",
                "--field", "8:0=1");
        assertUsage("bad field '3:5': HI 3 is below LO 5", "read", "0", "--field", "3:5");
        assertUsage("bad field 'a:b': expected HI:LO with bit numbers, e.g. 7:4", "read", "0", "--field", "a:b");
        assertUsage("bad field '3:0': expected HI:LO=VALUE", "modify", "0", "--field", "3:0");
        assertUsage("bad field '3:0=1': expected HI:LO (a value only with modify)", "read", "0",
                "--field", "3:0=1");
        assertUsage("bad field '3:0=0x10': value 0x10 does not fit in 4 bits", "modify", "0",
                "--field", "3:0=0x10");
        assertUsage("bad field value 'x': not a number", "modify", "0", "--field", "3:0=x");
        assertUsage("bad mask '0x100' for --set: bits outside the 8-bit width", "modify", "0", "-w", "8",
                "--set", "0x100");
        assertUsage("bad mask '0x1ffffffff' for --clear: bits outside the 32-bit width", "modify", "0",
                "--clear", "0x1ffffffff");
        assertUsage("modify: bits 0x4 are both set and cleared", "modify", "0", "--set", "6", "--clear", "0xc");
        assertUsage("modify: field 3:0=1 overlaps another change", "modify", "0", "--set", "1",
                "--field", "3:0=1");
        assertUsage("modify: nothing to change: give --set, --clear or --field", "modify", "0");
        assertUsage("bad address '2': not aligned to 32 bits", "modify", "2", "--set", "1");
        // Nothing was written by any of them.
        assertEquals(0, dev("read", "0", "64"));
        assertEquals("0x0000000000000000\n", out);
    }

    /** A sysfs tree with one buffer window over the first 8 KiB of the test file. */
    private Path bufferTree() throws IOException {
        Path root = tmp.newFolder("sync-windows").toPath();
        Path w = Files.createDirectories(root.resolve("buffer"));
        Files.writeString(w.resolve("phys"), "0x0\n");
        Files.writeString(w.resolve("size"), "0x2000\n");
        Files.writeString(w.resolve("mode"), "cached\n");
        Files.writeString(w.resolve("source"), "buffer\n");
        Files.writeString(w.resolve("dma"), "0x0\n");
        Files.writeString(w.resolve("dma_device"), "devmap-dma\n");
        Files.writeString(w.resolve("coherent"), "0\n");
        return root;
    }

    @Test
    public void syncChecksItsArgumentsAndReachesTheMapping() throws IOException {
        String sysfs = bufferTree().toString();
        // A regular file has no DMA buffer: the library's error, exit 1.
        assertEquals(1, dev("--sysfs", sysfs, "sync", "buffer", "0x1000", "4K", "--for-device"));
        assertTrue(err, err.startsWith("devmap: sync for device " + file + " offset=0x1000 length=0x1000: ENOTTY"));
        assertTrue(err, err.contains("regular file"));
        assertEquals(1, dev("--sysfs", sysfs, "sync", "buffer", "0", "1", "--for-cpu",
                "--direction", "bidirectional"));
        assertTrue(err, err.startsWith("devmap: sync for cpu "));
        assertEquals(1, dev("--sysfs", sysfs, "sync", "rx", "0", "4K", "--for-cpu"));
        assertEquals("devmap: sync: no window 'rx' in " + sysfs + " (see 'devmap info')\n", err);

        assertUsage("sync: range 0x1000+0x1001 runs past the end of window 'buffer' (size 0x2000)",
                "--sysfs", sysfs, "sync", "buffer", "0x1000", "0x1001", "--for-device");
        assertUsage("sync: range 0x2000+0x1 runs past the end of window 'buffer' (size 0x2000)",
                "--sysfs", sysfs, "sync", "buffer", "8K", "1", "--for-device");
        assertUsage("sync: give --for-cpu or --for-device", "--sysfs", sysfs, "sync", "buffer", "0", "1");
        assertUsage("sync: --for-cpu and --for-device exclude each other",
                "sync", "buffer", "0", "1", "--for-cpu", "--for-device");
        assertUsage("bad direction 'up': use to-device, from-device or bidirectional",
                "sync", "buffer", "0", "1", "--for-cpu", "--direction", "up");
        assertUsage("bad length '0': must be greater than 0", "sync", "buffer", "0", "0", "--for-cpu");
        assertUsage("sync: missing arguments (devmap sync WINDOW OFFSET LENGTH)",
                "sync", "buffer", "0", "--for-cpu");
        assertUsage("read: option --for-cpu does not apply (see 'devmap read --help')",
                "read", "0", "--for-cpu");
        assertEquals(0, run("sync", "--help"));
        assertTrue(out, out.contains("--direction DIR"));
        assertTrue(out, out.contains("--for-device"));
    }

    @Test
    public void versionIsTheBuildsVersion() throws IOException {
        assertEquals(0, run("--version"));
        String want = null;
        Path props = Path.of("version.properties");
        if (Files.isRegularFile(props)) {
            for (String l : Files.readAllLines(props)) {
                if (l.startsWith("version")) {
                    want = l.substring(l.indexOf('=') + 1).trim();
                }
            }
        }
        assertTrue(out, out.matches("devmap [0-9]+\\.[0-9]+\\.[0-9]+\nDMA sync calls: .+\n"));
        if (want != null) {
            assertTrue(out, out.startsWith("devmap " + want + "\n"));
        }
        // The binding the JVM allows (ForeignIoctlTest checks the choice).
        assertTrue(out, out.contains(org.devmap.internal.ForeignIoctl.describe()));
        assertEquals(0, run("read", "0", "--version"));
        assertEquals("", err);
    }

    @Test
    public void writeRefusesAWidthWrittenAsAValue() throws IOException {
        assertEquals(2, dev("write", "0x10", "8", "3"));
        assertTrue(err, err.startsWith("devmap: write: is '8' a width or a value? Give the width with -w:"
                + " 'devmap write -w 8 0x10 3' writes 3 at 8 bits; 'devmap write -w 32 0x10 8 3' (or -- before"
                + " the address) writes 8 3 as 32-bit values\n"));
        assertEquals(2, dev("write", "0x10", "3", "16"));
        assertTrue(err, err.contains("is '16' a width or a value?"));
        assertEquals(2, dev("write", "0x10", "64", "1", "2"));
        assertEquals("nothing was written", 0, ByteBuffer.wrap(Files.readAllBytes(file)).getLong(0x10));
        // Disambiguated: -w, -w8, or --.
        assertEquals(err, 0, dev("write", "-w8", "0x10", "3"));
        assertEquals(0, dev("read", "0x10", "8"));
        assertEquals("0x03\n", out);
        assertEquals(err, 0, dev("write", "-w", "32", "0x10", "8", "3"));
        assertEquals(err, 0, dev("write", "--", "0x18", "8", "3"));
        assertEquals(0, dev("read", "0x1c"));
        assertEquals("0x00000003\n", out);
        // Values that are not widths, or one value, are as before.
        assertEquals(err, 0, dev("write", "0x10", "8"));
        assertEquals(err, 0, dev("write", "0x10", "1", "2", "64"));
        assertEquals(2, dev("write", "-w9", "0x10", "1"));
        assertTrue(err, err.startsWith("devmap: bad width '9'"));
    }

    @Test
    public void dumpReadsWordsOnDeviceMemory() throws IOException {
        assertEquals(0, dev("write", "0x100", "0x12345678", "0x9abcdef0", "1", "2"));
        assertEquals(err, 0, dev("--uncached", "dump", "0x100", "0x20"));
        assertTrue(out, out.startsWith("00000100  12345678 9abcdef0 00000001 00000002  |"));
        assertTrue(out, out.endsWith("00000120\n"));
        assertEquals(err, 0, dev("dump", "-w", "16", "0x100", "4"));
        String w16 = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "5678 1234" : "1234 5678";
        assertTrue(out, out.startsWith("00000100  " + w16 + " "));
        assertEquals(err, 0, dev("dump", "-w", "64", "0x100", "8"));
        assertTrue(out, out.startsWith("00000100  " + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? "9abcdef012345678" : "123456789abcdef0") + " "));
        assertUsage("dump: 0x101+0x4 is not aligned to 32 bits; device memory is read in 32-bit words:"
                + " give -w 8 or -w 16", "--uncached", "dump", "0x101", "4");
        assertUsage("bad address '0x102': not aligned to 32 bits", "dump", "-w", "32", "0x102", "4");
        assertEquals(err, 0, dev("--uncached", "dump", "-w8", "0x101", "3"));
        assertTrue(out, out.startsWith("00000101  "));
    }

    @Test
    public void jsonForInfoAndRead() throws IOException {
        assertEquals(0, dev("write", "0x10", "0xdeadbeef"));
        assertEquals(err, 0, dev("read", "0x10", "--json"));
        assertEquals("{\"address\":\"0x10\",\"width\":32,\"value\":3735928559,\"hex\":\"0xdeadbeef\"}\n", out);
        assertEquals(err, 0, dev("read", "0x10", "--field", "15:8", "--json"));
        assertEquals("{\"address\":\"0x10\",\"width\":32,\"field\":\"15:8\",\"value\":190,\"hex\":\"0xbe\"}\n",
                out);
        Path root = tmp.newFolder("jwindows").toPath();
        Path w = Files.createDirectories(root.resolve("buffer"));
        Files.writeString(w.resolve("phys"), "0xc0000000\n");
        Files.writeString(w.resolve("size"), "0x300000\n");
        Files.writeString(w.resolve("mode"), "cached\n");
        Files.writeString(w.resolve("source"), "buffer\n");
        Files.writeString(w.resolve("dma"), "0x40000000\n");
        Files.writeString(w.resolve("dma_device"), "devmap-dma\n");
        Files.writeString(w.resolve("coherent"), "0\n");
        Path q = Files.createDirectories(root.resolve("fpga/interrupts/0"));
        Files.writeString(root.resolve("fpga/phys"), "0xff200000\n");
        Files.writeString(root.resolve("fpga/size"), "0x1000\n");
        Files.writeString(root.resolve("fpga/mode"), "uncached\n");
        Files.writeString(root.resolve("fpga/source"), "dt\n");
        Files.writeString(q.resolve("irq"), "30\n");
        Files.writeString(q.resolve("source"), "dt\n");
        Files.writeString(q.resolve("trigger"), "level\n");
        Files.writeString(q.resolve("count"), "3\n");
        Files.writeString(q.resolve("masked"), "1\n");
        assertEquals(err, 0, run("--sysfs", root.toString(), "info", "--json"));
        assertEquals(String.join("\n",
                "{\"name\":\"buffer\",\"phys\":\"0xc0000000\",\"size\":3145728,\"last\":\"0xc02fffff\","
                + "\"mode\":\"cached\",\"source\":\"buffer\",\"dma\":{\"address\":\"0x40000000\","
                + "\"coherent\":false,\"device\":\"devmap-dma\"},\"interrupts\":[]}",
                "{\"name\":\"fpga\",\"phys\":\"0xff200000\",\"size\":4096,\"last\":\"0xff200fff\","
                + "\"mode\":\"uncached\",\"source\":\"dt\",\"interrupts\":[{\"index\":0,\"irq\":30,"
                + "\"source\":\"dt\",\"trigger\":\"level\",\"count\":3,\"masked\":true}]}",
                ""), out);
        assertUsage("write: option --json does not apply (see 'devmap write --help')", "write", "0", "1", "--json");
    }

    @Test
    public void jsonEscapesStrings() {
        assertEquals("{\"a\":\"q\\\"b\\\\\\u0001\"}", new Json().put("a", "q\"b\\\u0001").toString());
    }
}
