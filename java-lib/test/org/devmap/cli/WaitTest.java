// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.devmap.Interrupt;
import org.junit.Test;

/**
 * {@code devmap wait} and the interrupts of {@code devmap info}, on a host:
 * parsing, errors and formats. Real events are checked in the QEMU guests
 * (tests/vm/guest/guest-java.sh).
 */
public class WaitTest extends CliRun {

    private void assertUsage(String expectedError, String... args) {
        assertEquals(String.join(" ", args) + " -> " + err, 2, run(args));
        assertEquals("devmap: " + expectedError + "\nTry 'devmap wait --help'.\n", err);
    }

    @Test
    public void badValuesAreNamed() {
        assertUsage("bad timeout 'soon': not a duration (e.g. 500ms, 2s, 1.5, 1m; units us, ms, s, m)",
                "wait", "fpga", "--timeout", "soon");
        assertUsage("bad timeout '-1s': not a duration (e.g. 500ms, 2s, 1.5, 1m; units us, ms, s, m)",
                "wait", "fpga", "--timeout=-1s");
        assertUsage("bad timeout '1e9m': not a duration (e.g. 500ms, 2s, 1.5, 1m; units us, ms, s, m)",
                "wait", "fpga", "-t", "1e9m");
        assertUsage("bad timeout '999999999999m': too large", "wait", "fpga", "-t", "999999999999m");
        assertUsage("bad index 'x': not a number", "wait", "fpga", "--index", "x");
        assertUsage("bad index '0x80000000': too large", "wait", "fpga", "-i", "0x80000000");
        assertUsage("bad count '-2': must not be negative", "wait", "fpga", "--count", "-2");
        assertUsage("wait: missing arguments (devmap wait WINDOW)", "wait");
        assertUsage("wait: unexpected argument 'b'", "wait", "a", "b");
        assertEquals(2, run("wait", "a/b"));
        assertTrue(err, err.startsWith("devmap: bad window name 'a/b'"));
    }

    @Test
    public void aDeviceWithoutInterruptsFailsNamingWindowAndIndex() throws IOException {
        Path file = tmp.newFile("mem").toPath();
        assertEquals(1, run("--device", file.toString(), "wait", "fpga", "-i", "2", "-t", "1s"));
        assertEquals("devmap: irq open " + file + " window=fpga index=2: ENOTTY (Inappropriate ioctl"
                + " for device): not /dev/map, or a driver without interrupts\n", err);
        assertEquals("", out);
        Path missing = tmp.getRoot().toPath().resolve("absent");
        assertEquals(1, run("--device", missing.toString(), "wait", "fpga"));
        assertTrue(err, err.contains("window=fpga index=0: ENOENT"));
    }

    @Test
    public void durations() throws UsageException {
        assertEquals(Duration.ofMillis(500), Wait.duration("t", "500ms"));
        assertEquals(Duration.ofMillis(1500), Wait.duration("t", "1.5"));
        assertEquals(Duration.ofSeconds(2), Wait.duration("t", "2s"));
        assertEquals(Duration.ofMinutes(1), Wait.duration("t", "1m"));
        assertEquals(Duration.ofNanos(250_000), Wait.duration("t", "250us"));
        assertEquals(Duration.ZERO, Wait.duration("t", "0"));
        assertThrows(UsageException.class, () -> Wait.duration("t", "ms"));
        assertThrows(UsageException.class, () -> Wait.duration("t", "+1s"));
        assertThrows(UsageException.class, () -> Wait.duration("t", "1h"));
    }

    @Test
    public void eventLines() {
        assertEquals("count=1 dt=0.001234s", Wait.line(new Interrupt.Event(1, 0), 1_234_567));
        assertEquals("count=2 dt=2.000000s", Wait.line(new Interrupt.Event(2, 0), 2_000_000_000L));
        assertEquals("count=7 dt=0.000010s missed=4", Wait.line(new Interrupt.Event(7, 4), 10_000));
        assertEquals("{\"count\":7,\"dt\":0.000010000,\"missed\":4}", Wait.json(new Interrupt.Event(7, 4), 10_000));
        assertEquals("{\"count\":1,\"dt\":2.000000001,\"missed\":0}",
                Wait.json(new Interrupt.Event(1, 0), 2_000_000_001L));
    }

    @Test
    public void helpAndUsageMentionWait() {
        assertEquals(0, run("wait", "--help"));
        assertTrue(out, out.startsWith("Usage: devmap wait [OPTIONS] WINDOW\n"));
        assertTrue(out, out.contains("-i, --index I"));
        assertTrue(out, out.contains("-t, --timeout T"));
        assertTrue(out, out.contains("-n, --count N"));
        assertTrue(out, out.contains("3 wait timed out"));
        assertEquals(0, run("--help"));
        assertTrue(out, out.contains("  wait WINDOW "));
        assertEquals(2, run("read", "0x0", "--timeout", "1s"));
        assertTrue(err, err.contains("--timeout"));
    }

    @Test
    public void infoListsInterruptsOnlyWhenThereAreSome() throws IOException {
        Path root = tmp.newFolder("windows").toPath();
        Path w = Files.createDirectories(root.resolve("0000:00:05.0-bar2"));
        Files.writeString(w.resolve("phys"), "0xfe000000\n");
        Files.writeString(w.resolve("size"), "0x400000\n");
        Files.writeString(w.resolve("mode"), "wc\n");
        Files.writeString(w.resolve("source"), "pci\n");
        assertEquals(err, 0, run("--sysfs", root.toString(), "info"));
        assertFalse(out, out.contains("INDEX"));
        for (int i = 0; i < 2; i++) {
            Path d = Files.createDirectories(w.resolve("interrupts/" + i));
            Files.writeString(d.resolve("irq"), (45 + i) + "\n");
            Files.writeString(d.resolve("source"), "msi-x\n");
            Files.writeString(d.resolve("trigger"), "edge\n");
            Files.writeString(d.resolve("count"), (i == 0 ? "1234" : "0") + "\n");
            Files.writeString(d.resolve("masked"), "0\n");
        }
        assertEquals(err, 0, run("--sysfs", root.toString(), "info"));
        assertTrue(out, out.endsWith(String.join("\n", "",
                "WINDOW            INDEX   IRQ  SOURCE  TRIGGER      COUNT  MASKED",
                "0000:00:05.0-bar2     0    45  msi-x   edge          1234  no",
                "0000:00:05.0-bar2     1    46  msi-x   edge             0  no",
                "")));
    }

    @Test
    public void irqBenchChecksItsArguments() throws IOException {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        PrintStream po = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, IrqBench.run(new String[] {"w", "0"}, po, pe));
        assertEquals(2, IrqBench.run(new String[] {"w", "0", "0x11", "1"}, po, pe));
        assertTrue(e.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
                .contains("bad address '0x11': not aligned to 32 bits"));
        Path file = tmp.newFile("mem").toPath();
        assertEquals(1, IrqBench.run(new String[] {"--device", file.toString(), "w", "0", "0x10", "1"}, po, pe));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("window=w index=0: ENOTTY"));
    }
}
