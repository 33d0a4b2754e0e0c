// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * No class of the library or the CLI has more than 450 lines of code
 * (comments, javadoc and blank lines aside): a class that grows past it is
 * split by concern, as Interrupt (state) and Waker (a waiter's descriptors)
 * were. Run from java-lib/ (Ant); skipped without the sources.
 */
public class SourceSizeTest {
    private static final int MAX = 450;
    private static final Path SRC = Path.of("src");

    /** Lines that are not blank and not only comment. */
    static int codeLines(List<String> lines) {
        int n = 0;
        boolean comment = false;
        for (String raw : lines) {
            String l = raw.trim();
            if (comment) {
                comment = !l.contains("*/");
                continue;
            }
            if (l.startsWith("/*")) {
                comment = !l.contains("*/");
                continue;
            }
            if (!l.isEmpty() && !l.startsWith("//")) {
                n++;
            }
        }
        return n;
    }

    @Test
    public void noClassIsOverTheLimit() throws IOException {
        assumeTrue("needs " + SRC + " (run from java-lib/)", Files.isDirectory(SRC));
        List<String> over = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(SRC)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                files++;
                int n = codeLines(Files.readAllLines(p));
                if (n > MAX) {
                    over.add(p + ": " + n + " lines of code");
                }
            }
        }
        assertEquals("checked " + files + " files; over " + MAX + " lines of code", List.of(), over);
    }

    @Test
    public void commentsDoNotCount() {
        assertEquals(2, codeLines(List.of("/**", " * doc", " */", "int a;", "// x", "", "/* y */", "int b;")));
    }
}
