// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.devmap.Window;

/**
 * {@code devmap info}: the windows, and the interrupts of those that have
 * some, as two tables, or with {@code --json} one object per window per
 * line.
 */
final class Info {
    private Info() {
    }

    static void print(List<Window> windows, boolean json, PrintStream out) {
        if (json) {
            for (Window w : windows) {
                out.println(json(w));
            }
            return;
        }
        List<String> ranges = new ArrayList<>();
        int width = 23; // 0x%08x-0x%08x; wider for addresses above 4 GiB
        for (Window w : windows) {
            String range = String.format("0x%08x-0x%08x", w.phys(), w.last());
            ranges.add(range);
            width = Math.max(width, range.length());
        }
        String row = "%-16s %-" + width + "s %12s  %-8s  %-8s  %s%n";
        out.printf(row, "NAME", "RANGE", "SIZE", "MODE", "SOURCE", "DMA");
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            // The address the device must be given, and whether sync matters.
            String dma = w.dma().isEmpty() ? "-" : String.format("0x%x %s %s", w.dma().get().address(),
                    w.dma().get().coherent() ? "coherent" : "non-coherent", w.dma().get().device());
            out.printf(row, w.name(), ranges.get(i), String.format("0x%x", w.size()),
                    w.mode().sysfsName(), w.source(), dma);
        }
        interrupts(windows, out);
    }

    /** The interrupts table, only when some window has interrupts. */
    private static void interrupts(List<Window> windows, PrintStream out) {
        int width = 16;
        boolean any = false;
        for (Window w : windows) {
            if (!w.interrupts().isEmpty()) {
                any = true;
                width = Math.max(width, w.name().length());
            }
        }
        if (!any) {
            return;
        }
        String row = "%-" + width + "s %5s %5s  %-6s  %-7s %10s  %s%n";
        out.println();
        out.printf(row, "WINDOW", "INDEX", "IRQ", "SOURCE", "TRIGGER", "COUNT", "MASKED");
        for (Window w : windows) {
            for (Window.Irq q : w.interrupts()) {
                out.printf(row, w.name(), q.index(), q.irq(), q.source().word(), q.trigger().word(),
                        q.count(), q.masked() ? "yes" : "no");
            }
        }
    }

    static String json(Window w) {
        Json j = new Json().put("name", w.name()).hex("phys", w.phys()).put("size", w.size())
                .hex("last", w.last()).put("mode", w.mode().sysfsName()).put("source", w.source());
        if (w.dma().isPresent()) {
            Window.Dma d = w.dma().get();
            j.raw("dma", new Json().hex("address", d.address()).put("coherent", d.coherent())
                    .put("device", d.device()).toString());
        }
        StringBuilder irqs = new StringBuilder("[");
        for (Window.Irq q : w.interrupts()) {
            if (irqs.length() > 1) {
                irqs.append(',');
            }
            irqs.append(new Json().put("index", q.index()).put("irq", q.irq())
                    .put("source", q.source().word()).put("trigger", q.trigger().word())
                    .put("count", q.count()).put("masked", q.masked()));
        }
        return j.raw("interrupts", irqs.append(']').toString()).toString();
    }
}
