// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.util.List;

/**
 * One physical memory window of the {@code /dev/map} driver, as described in
 * {@code /sys/class/misc/map/windows/<name>/}.
 *
 * @param name the directory name; a kernel-allocated window is {@code buffer}
 * @param phys the first physical address, where the CPU maps it
 * @param size the size in bytes
 * @param mode how the driver maps it
 * @param source where it was configured: {@code param}, {@code buffer} or {@code dt}
 * @param dma the DMA facts of a buffer window, or null for other windows
 * @param interrupts its interrupts from {@code interrupts/<index>/}, by
 *        index (a snapshot: {@link Irq#count()} is the count when read);
 *        empty for a window without interrupts
 */
public record Window(String name, long phys, long size, CacheMode mode, String source, Dma dma,
        List<Irq> interrupts) {

    /**
     * The canonical constructor; keeps an unmodifiable copy of the interrupts.
     *
     * @param name the directory name
     * @param phys the first physical address
     * @param size the size in bytes
     * @param mode how the driver maps it
     * @param source where it was configured
     * @param dma the DMA facts of a buffer window, or null
     * @param interrupts the window's interrupts, by index; empty for none
     */
    public Window {
        interrupts = List.copyOf(interrupts);
    }

    /**
     * A window without interrupts.
     *
     * @param name the directory name
     * @param phys the first physical address
     * @param size the size in bytes
     * @param mode how the driver maps it
     * @param source where it was configured
     * @param dma the DMA facts of a buffer window, or null for other windows
     */
    public Window(String name, long phys, long size, CacheMode mode, String source, Dma dma) {
        this(name, phys, size, mode, source, dma, List.of());
    }

    /**
     * A window that is not a DMA buffer.
     *
     * @param name the directory name
     * @param phys the first physical address
     * @param size the size in bytes
     * @param mode how the driver maps it
     * @param source where it was configured
     */
    public Window(String name, long phys, long size, CacheMode mode, String source) {
        this(name, phys, size, mode, source, null);
    }

    /**
     * What a buffer window's device needs: its sysfs files {@code dma},
     * {@code dma_device} and {@code coherent}.
     *
     * @param address the DMA address of the first byte: what the device must
     *        be given; it differs from {@link Window#phys()} behind an IOMMU
     *        or with {@code dma-ranges}
     * @param device the device whose view of memory the buffer was allocated
     *        for (e.g. {@code 0000:01:00.0} or {@code devmap-dma}); only it may
     *        use {@code address}
     * @param coherent true when the sync calls are no-ops for the buffer (the
     *        device snoops the CPU caches, as on x86, or the buffer is uncached)
     */
    public record Dma(long address, String device, boolean coherent) {
    }

    /**
     * One interrupt of a window, from sysfs
     * {@code windows/<window>/interrupts/<index>/}; wait for it with
     * {@link Interrupt#open(java.nio.file.Path, String, int)}.
     *
     * @param index its index in the window, from 0 (the order of the device
     *        tree's {@code interrupts}, or the PCI vector)
     * @param irq the Linux irq number ({@code irq}, as in /proc/interrupts)
     * @param source {@code dt}, {@code msi-x}, {@code msi} or {@code intx}
     * @param trigger {@code edge} or {@code level}
     * @param count the total events since the driver requested it, when read
     * @param masked true while the kernel keeps the line masked (a
     *        level-triggered interrupt not yet re-enabled, or no handle
     *        opened yet)
     */
    public record Irq(int index, int irq, String source, String trigger, long count,
            boolean masked) {
        /**
         * @return true for a level-triggered source: userspace acknowledges
         *         the device, then calls {@link Interrupt#enable()}
         */
        public boolean levelTriggered() {
            return trigger.equals("level");
        }
    }

    /** @return true for a DMA buffer window (with {@link #dma()} facts) */
    public boolean isBuffer() {
        return dma != null;
    }

    /**
     * Tells whether the window contains an address.
     *
     * @param address the physical address
     * @return true if {@code phys <= address < phys + size}
     */
    public boolean contains(long address) {
        // Unsigned compares: a window may sit at the top of a 64-bit space.
        return Long.compareUnsigned(address, phys) >= 0
                && Long.compareUnsigned(address - phys, size) < 0;
    }

    /**
     * Tells whether the window contains a whole range.
     *
     * @param address the first physical address
     * @param length the length in bytes
     * @return true if {@code [address, address + length)} lies in the window
     */
    public boolean contains(long address, long length) {
        return contains(address) && Long.compareUnsigned(length, size - (address - phys)) <= 0;
    }

    /** @return the last physical address of the window (inclusive) */
    public long last() {
        return phys + size - 1;
    }
}
