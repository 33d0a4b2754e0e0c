// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The Java example of the top-level README, copied here so that the build
 * compiles it, and a check that the copy still matches the README.
 */
public class ReadmeExampleTest {
    private static final Path README = Path.of("../README.md");
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
}
