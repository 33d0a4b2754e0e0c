// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the windows that the {@code /dev/map} driver publishes in sysfs. The
 * root directory can be changed, so tests parse a tree made of plain files.
 */
public final class Windows {
    /** Where the driver publishes one directory per window. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/class/misc/map/windows");

    private Windows() {
    }

    /**
     * Lists the windows under {@link #DEFAULT_ROOT}.
     *
     * @return the windows sorted by physical address; empty if the directory
     *         does not exist (driver not loaded)
     * @throws IOException if a window's files cannot be read or parsed
     */
    public static List<Window> list() throws IOException {
        return list(DEFAULT_ROOT);
    }

    /**
     * Lists the windows under a root directory.
     *
     * @param root a directory with one subdirectory per window, each holding
     *        {@code phys}, {@code size}, {@code mode} and {@code source}, and
     *        for buffers {@code dma}, {@code dma_device} and {@code coherent},
     *        and for windows with interrupts {@code interrupts/<index>/}
     *        with {@code irq}, {@code source}, {@code trigger}, {@code count}
     *        and {@code masked}
     * @return the windows sorted by physical address; empty if {@code root}
     *         does not exist
     * @throws IOException if a window's files cannot be read or parsed; the
     *         message names the file
     */
    public static List<Window> list(Path root) throws IOException {
        List<Window> windows = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return windows;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                windows.add(read(dir));
            }
        }
        windows.sort(Comparator.comparing(Window::phys, Long::compareUnsigned));
        return windows;
    }

    /**
     * Reads one window directory.
     *
     * @param dir the directory, named after the window
     * @return the window
     * @throws IOException if a file is missing or malformed
     */
    public static Window read(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        long phys = hex(dir.resolve("phys"));
        long size = hex(dir.resolve("size"));
        Path modeFile = dir.resolve("mode");
        CacheMode mode;
        try {
            mode = CacheMode.fromSysfs(text(modeFile));
        } catch (IllegalArgumentException e) {
            throw new IOException(modeFile + ": " + e.getMessage(), e);
        }
        String source = text(dir.resolve("source"));
        List<Window.Irq> irqs = interrupts(dir.resolve("interrupts"));
        // Only buffer windows have the DMA files; all three, then.
        Path dma = dir.resolve("dma");
        if (!Files.exists(dma)) {
            return new Window(name, phys, size, mode, source, Optional.empty(), irqs);
        }
        String device = text(dir.resolve("dma_device"));
        Path coherentFile = dir.resolve("coherent");
        String coherent = text(coherentFile);
        if (!coherent.equals("0") && !coherent.equals("1")) {
            throw new IOException(coherentFile + ": not 0 or 1: '" + coherent + "'");
        }
        return new Window(name, phys, size, mode, source,
                Optional.of(new Window.Dma(hex(dma), device, coherent.equals("1"))), irqs);
    }

    /** The {@code interrupts/<index>/} directories by index; none without the directory. */
    private static List<Window.Irq> interrupts(Path dir) throws IOException {
        List<Window.Irq> irqs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return irqs;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path d : dirs) {
                irqs.add(readIrq(d));
            }
        }
        irqs.sort(Comparator.comparingInt(Window.Irq::index));
        return irqs;
    }

    /**
     * Reads one interrupt directory, {@code windows/<window>/interrupts/<index>/}.
     *
     * @param dir the directory, named after the index
     * @return the interrupt
     * @throws IOException if a file is missing or malformed; the message names it
     */
    static Window.Irq readIrq(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        int index;
        try {
            index = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IOException(dir + ": not an interrupt index: '" + name + "'", e);
        }
        int irq = (int) decimal(dir.resolve("irq"), Integer.MAX_VALUE);
        Path sourceFile = dir.resolve("source");
        Window.Irq.Source source;
        try {
            source = Window.Irq.Source.fromWord(text(sourceFile));
        } catch (IllegalArgumentException e) {
            throw new IOException(sourceFile + ": " + e.getMessage(), e);
        }
        Path triggerFile = dir.resolve("trigger");
        Window.Irq.Trigger trigger;
        try {
            trigger = Window.Irq.Trigger.fromWord(text(triggerFile));
        } catch (IllegalArgumentException e) {
            throw new IOException(triggerFile + ": " + e.getMessage(), e);
        }
        long count = decimal(dir.resolve("count"), 0xffffffffL);
        Path maskedFile = dir.resolve("masked");
        String masked = text(maskedFile);
        if (!masked.equals("0") && !masked.equals("1")) {
            throw new IOException(maskedFile + ": not 0 or 1: '" + masked + "'");
        }
        return new Window.Irq(index, irq, source, trigger, count, masked.equals("1"));
    }

    private static long decimal(Path file, long max) throws IOException {
        String s = text(file);
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a number from 0 to " + max + ": '" + s + "'", e);
        }
    }

    /**
     * Reads the window called {@code name} under a root directory.
     *
     * @param root the sysfs windows directory
     * @param name the window's name
     * @return the window, or empty if there is no such directory
     * @throws IOException if its files cannot be read or parsed
     */
    public static Optional<Window> named(Path root, String name) throws IOException {
        // A name with a separator or dots would reach outside the root.
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        return Files.isDirectory(dir) ? Optional.of(read(dir)) : Optional.empty();
    }

    /**
     * Finds the window containing an address.
     *
     * @param windows the windows, e.g. from {@link #list()}
     * @param address the physical address
     * @return the window, or empty
     */
    public static Optional<Window> containing(List<Window> windows, long address) {
        return windows.stream().filter(w -> w.contains(address)).findFirst();
    }

    /**
     * Finds the window containing an address, reading {@code root}.
     *
     * @param root the sysfs windows directory
     * @param address the physical address
     * @return the window, or empty
     * @throws IOException if the windows cannot be read
     */
    public static Optional<Window> containing(Path root, long address) throws IOException {
        return containing(list(root), address);
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
    }

    private static long hex(Path file) throws IOException {
        String s = text(file);
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : null;
        try {
            if (digits == null || digits.isEmpty()) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a hex number: '" + s + "'", e);
        }
    }
}
