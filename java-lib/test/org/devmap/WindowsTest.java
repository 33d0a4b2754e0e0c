// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Parsing of the driver's sysfs files, from a tree of plain files. */
public class WindowsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static Path window(Path root, String name, String phys, String size, String mode, String source)
            throws IOException {
        Path d = Files.createDirectories(root.resolve(name));
        Files.writeString(d.resolve("phys"), phys);
        Files.writeString(d.resolve("size"), size);
        Files.writeString(d.resolve("mode"), mode);
        Files.writeString(d.resolve("source"), source);
        return d;
    }

    private Path tree() throws IOException {
        Path root = tmp.newFolder("windows").toPath();
        window(root, "sdram", "0xc0000000\n", "0x300000\n", "uncached\n", "param\n");
        window(root, "buffer", "0x7f000000\n", "0x10000\n", "cached\n", "buffer\n");
        window(root, "fb", "0xfe000000\n", "0x100000\n", "wc\n", "dt\n");
        Files.writeString(root.resolve("stray-file"), "ignored");
        return root;
    }

    @Test
    public void parsesAllWindowsSortedByAddress() throws IOException {
        List<Window> w = Windows.list(tree());
        assertEquals(3, w.size());
        assertEquals(new Window("buffer", 0x7f000000L, 0x10000, CacheMode.CACHED, "buffer"), w.get(0));
        assertEquals(new Window("sdram", 0xc0000000L, 0x300000, CacheMode.UNCACHED, "param"), w.get(1));
        assertEquals(new Window("fb", 0xfe000000L, 0x100000, CacheMode.WRITE_COMBINING, "dt"), w.get(2));
        assertEquals(0xc02fffffL, w.get(1).last());
        assertTrue(CacheMode.WRITE_COMBINING.isDeviceMemory());
        assertFalse(CacheMode.CACHED.isDeviceMemory());
    }

    @Test
    public void findsTheWindowContainingAnAddress() throws IOException {
        Path root = tree();
        assertEquals("sdram", Windows.containing(root, 0xc0000000L).get().name());
        assertEquals("sdram", Windows.containing(root, 0xc02fffffL).get().name());
        assertFalse(Windows.containing(root, 0xc0300000L).isPresent());
        assertFalse(Windows.containing(root, 0xbfffffffL).isPresent());
        assertEquals("buffer", Windows.containing(root, 0x7f000010L).get().name());
        Window sdram = Windows.containing(root, 0xc0000000L).get();
        assertTrue(sdram.contains(0xc0000000L, 0x300000));
        assertFalse(sdram.contains(0xc0001000L, 0x300000));
        assertFalse(sdram.contains(0xbffff000L, 0x2000));
    }

    @Test
    public void highWindowsCompareUnsigned() {
        Window top = new Window("top", 0xfffffffffff00000L, 0x100000, CacheMode.UNCACHED, "param");
        assertTrue(top.contains(0xffffffffffffffffL));
        assertFalse(top.contains(0x1000));
        assertTrue(top.contains(0xfffffffffff00000L, 0x100000));
    }

    @Test
    public void missingRootIsNoWindows() throws IOException {
        assertTrue(Windows.list(tmp.getRoot().toPath().resolve("absent")).isEmpty());
    }

    @Test
    public void malformedFilesAreNamed() throws IOException {
        Path root = tmp.newFolder("bad").toPath();
        Path d = window(root, "w", "c0000000\n", "0x1000\n", "uncached\n", "param\n");
        IOException e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains(d.resolve("phys").toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("'c0000000'"));

        Files.writeString(d.resolve("phys"), "0xc0000000\n");
        Files.writeString(d.resolve("mode"), "fancy\n");
        e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains("mode"));
        assertTrue(e.getMessage(), e.getMessage().contains("fancy"));

        Files.writeString(d.resolve("mode"), "wc\n");
        Files.delete(d.resolve("size"));
        assertThrows(IOException.class, () -> Windows.list(root));

        Files.writeString(d.resolve("size"), "0x\n");
        assertThrows(IOException.class, () -> Windows.list(root));
    }

    @Test
    public void memoryTypeFollowsTheWindowMode() throws IOException {
        List<Window> w = Windows.list(tree());
        assertSame(MemoryType.CACHED, MemoryTypes.detect(w, 0x7f000000L, 0x1000));
        assertSame(MemoryType.DEVICE, MemoryTypes.detect(w, 0xc0000000L, 0x1000));
        assertSame(MemoryType.DEVICE, MemoryTypes.detect(w, 0xfe000000L, 0x1000));
        // Not in a window (mmap will refuse anyway), or running past the end.
        assertSame(MemoryType.DEVICE, MemoryTypes.detect(w, 0x1000, 0x1000));
        assertSame(MemoryType.DEVICE, MemoryTypes.detect(w, 0x7f00f000L, 0x2000));
    }
}
