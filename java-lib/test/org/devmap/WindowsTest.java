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
import java.util.Optional;
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

    @Test
    public void bufferWindowsCarryTheirDmaFacts() throws IOException {
        Path root = tree();
        Path b = root.resolve("buffer");
        Files.writeString(b.resolve("dma"), "0x1f000000\n");
        Files.writeString(b.resolve("dma_device"), "0000:00:03.0\n");
        Files.writeString(b.resolve("coherent"), "0\n");
        List<Window> w = Windows.list(root);
        Window buffer = w.get(0);
        assertTrue(buffer.isBuffer());
        assertEquals(Optional.of(new Window.Dma(0x1f000000L, "0000:00:03.0", false)), buffer.dma());
        assertEquals(new Window("buffer", 0x7f000000L, 0x10000, CacheMode.CACHED, "buffer",
                Optional.of(new Window.Dma(0x1f000000L, "0000:00:03.0", false)), List.of()), buffer);
        // Other windows have no DMA facts.
        assertFalse(w.get(1).isBuffer());
        assertEquals(Optional.empty(), w.get(1).dma());
        Files.writeString(b.resolve("coherent"), "1\n");
        assertTrue(Windows.read(b).dma().orElseThrow().coherent());
        assertEquals(buffer.name(), Windows.named(root, "buffer").get().name());
        assertFalse(Windows.named(root, "absent").isPresent());
        assertFalse(Windows.named(root, "..").isPresent());
        assertFalse(Windows.named(root, "buffer/..").isPresent());
    }

    @Test
    public void malformedDmaFilesAreNamed() throws IOException {
        Path root = tmp.newFolder("bad-dma").toPath();
        Path d = window(root, "rx", "0x80000000\n", "0x100000\n", "cached\n", "buffer\n");
        Files.writeString(d.resolve("dma"), "0x80000000\n");
        Files.writeString(d.resolve("dma_device"), "devmap-dma\n");
        Files.writeString(d.resolve("coherent"), "yes\n");
        IOException e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains(d.resolve("coherent").toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("'yes'"));
        Files.writeString(d.resolve("coherent"), "1\n");
        Files.writeString(d.resolve("dma"), "zz\n");
        e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains(d.resolve("dma").toString()));
        Files.writeString(d.resolve("dma"), "0x80000000\n");
        Files.delete(d.resolve("dma_device"));
        assertThrows(IOException.class, () -> Windows.list(root));
    }

    static Path irq(Path window, int index, String irq, String source, String trigger, String count,
            String masked) throws IOException {
        Path d = Files.createDirectories(window.resolve("interrupts").resolve(Integer.toString(index)));
        Files.writeString(d.resolve("irq"), irq);
        Files.writeString(d.resolve("source"), source);
        Files.writeString(d.resolve("trigger"), trigger);
        Files.writeString(d.resolve("count"), count);
        Files.writeString(d.resolve("masked"), masked);
        return d;
    }

    @Test
    public void interruptsAreListedByIndex() throws IOException {
        Path root = tmp.newFolder("irqs").toPath();
        Path bar = window(root, "0000:00:05.0-bar2", "0xfe000000\n", "0x400000\n", "wc\n", "pci\n");
        irq(bar, 1, "46\n", "msi-x\n", "edge\n", "0\n", "0\n");
        irq(bar, 0, "45\n", "msi-x\n", "edge\n", "12\n", "0\n");
        Path fpga = window(root, "fpga", "0xff200000\n", "0x1000\n", "uncached\n", "dt\n");
        irq(fpga, 0, "30\n", "dt\n", "level\n", "3\n", "1\n");
        List<Window> w = Windows.list(root);
        assertEquals(List.of(new Window.Irq(0, 45, Window.Irq.Source.MSI_X, Window.Irq.Trigger.EDGE, 12, false),
                new Window.Irq(1, 46, Window.Irq.Source.MSI_X, Window.Irq.Trigger.EDGE, 0, false)),
                w.get(0).interrupts());
        Window.Irq level = w.get(1).interrupts().get(0);
        assertTrue(level.levelTriggered());
        assertTrue(level.masked());
        // No interrupts/ directory: none.
        assertTrue(Windows.list(tree()).get(0).interrupts().isEmpty());
    }

    @Test
    public void malformedInterruptFilesAreNamed() throws IOException {
        Path root = tmp.newFolder("bad-irqs").toPath();
        Path fpga = window(root, "fpga", "0xff200000\n", "0x1000\n", "uncached\n", "dt\n");
        Path d = irq(fpga, 0, "30\n", "dt\n", "rising\n", "3\n", "1\n");
        IOException e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains(d.resolve("trigger") + ": unknown trigger 'rising': edge or level"));
        Files.writeString(d.resolve("trigger"), "edge\n");
        Files.writeString(d.resolve("count"), "-1\n");
        e = assertThrows(IOException.class, () -> Windows.list(root));
        assertTrue(e.getMessage(), e.getMessage().contains(d.resolve("count") + ": not a number"));
        Files.writeString(d.resolve("count"), "1\n");
        Files.writeString(d.resolve("masked"), "2\n");
        assertThrows(IOException.class, () -> Windows.list(root));
    }
}
