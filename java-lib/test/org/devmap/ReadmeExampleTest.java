// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The Java examples of the top-level README, copied here so that the build
 * compiles them, and checks that the copies still match the README (the
 * interrupt example also java-lib/README.md).
 */
public class ReadmeExampleTest {
    private static final Path README = Path.of("../README.md");
    private static final Path LIB_README = Path.of("README.md");
    private static final Path SELF = Path.of("test/org/devmap/ReadmeExampleTest.java");

    /** Never run (it waits on a register); compiled only. */
    @SuppressWarnings("unused")
    private static void example() {
        // README begin
        try (Mapping regs = Mapping.open(Path.of("/dev/map"), 0xff200000L, 0x1000)) {
            regs.putIntRelease(0x10, 0x1);            // ordered store to a register
            while ((regs.getIntAcquire(0x14) & 0x1) == 0)
                Thread.onSpinWait();                  // wait for "done"
            int[] block = new int[64];
            regs.read(0x100, block, 0, block.length); // aligned 32-bit reads on device memory
        } catch (IOException e) {                      // a DevmapException carries the errno,
            System.err.println(e.getMessage());       // path, offset and length: "mmap /dev/map
        }                                             // offset=0x... : ENXIO (No such device ...)"
        // README end
    }

    /** Never run (it waits for an interrupt); compiled only. The second block. */
    @SuppressWarnings("unused")
    private static void interruptExample() {
        // README irq begin
        Path dev = Path.of("/dev/map");
        try (Mapping regs = Mapping.open(dev, 0xff200000L, 0x1000);  // the window "fpga"
             Interrupt done = Interrupt.open(dev, "fpga", 0)) {   // open before starting the job
            long last = done.count();
            regs.putIntRelease(0x10, 0x1);                        // start
            long count = done.await(Duration.ofSeconds(1));       // sleeps; -1 on timeout
            if (count < 0)
                throw new IOException("no done interrupt within 1 s");
            if (count - last > 1)
                System.err.println("missed " + (count - last - 1) + " interrupts");
            regs.putIntRelease(0x14, 0x1);                        // acknowledge in the device
            done.enable();                                        // then unmask (level-triggered)
        } catch (InterruptedException e) {                        // Thread.interrupt(): the handle stays open
            Thread.currentThread().interrupt();
        } catch (IOException e) {                                 // DevmapException: "irq open /dev/map
            System.err.println(e.getMessage());                   // window=fpga index=0: ENODEV (...)"
        }
        // README irq end
    }

    /** The ```java blocks of a Markdown file, lines stripped. */
    private static List<List<String>> javaBlocks(Path md) throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> cur = null;
        for (String l : Files.readAllLines(md)) {
            if (cur == null && l.trim().equals("```java")) {
                cur = new ArrayList<>();
            } else if (cur != null && l.trim().equals("```")) {
                blocks.add(cur);
                cur = null;
            } else if (cur != null) {
                cur.add(l.strip());
            }
        }
        return blocks;
    }

    private static List<String> block(List<String> lines, String begin, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.trim().equals(end) && in) {
                break;
            }
            if (in) {
                out.add(l.strip());
            }
            if (l.trim().equals(begin)) {
                in = true;
            }
        }
        return out;
    }

    @Test
    public void copyMatchesTheReadme() throws IOException {
        // Run from java-lib/ (Ant); from jars on a board the sources are absent.
        assumeTrue("needs " + README + " and " + SELF + " (run from java-lib/)",
                Files.isRegularFile(README) && Files.isRegularFile(SELF));
        List<String> readme = block(Files.readAllLines(README), "```java", "```");
        List<String> copy = block(Files.readAllLines(SELF), "// README begin", "// README end");
        assertTrue("no ```java block in " + README, !readme.isEmpty());
        assertTrue("the README's Java example changed; update the copy in " + SELF
                + "\nREADME: " + readme + "\ncopy:   " + copy, readme.equals(copy));
    }

    @Test
    public void interruptCopyMatchesBothReadmes() throws IOException {
        assumeTrue("needs " + README + ", " + LIB_README + " and " + SELF + " (run from java-lib/)",
                Files.isRegularFile(README) && Files.isRegularFile(LIB_README) && Files.isRegularFile(SELF));
        List<String> copy = block(Files.readAllLines(SELF), "// README irq begin", "// README irq end");
        assertTrue(!copy.isEmpty());
        for (Path md : List.of(README, LIB_README)) {
            assertTrue("the interrupt example of " + md + " changed; update the copy in " + SELF
                    + "\ncopy: " + copy + "\nblocks: " + javaBlocks(md), javaBlocks(md).contains(copy));
        }
    }
}
