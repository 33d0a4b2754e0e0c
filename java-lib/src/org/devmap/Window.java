// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One physical memory window of the {@code /dev/map} driver, as described in
 * {@code /sys/class/misc/map/windows/<name>/}.
 *
 * @param name the directory name; a kernel-allocated window is {@code buffer}
 * @param phys the first physical address, where the CPU maps it
 * @param size the size in bytes
 * @param mode how the driver maps it
 * @param source where it was configured: {@code param}, {@code buffer} or {@code dt}
 * @param dma the DMA facts of a buffer window; empty for other windows
 * @param interrupts its interrupts from {@code interrupts/<index>/}, by
 *        index (a snapshot: {@link Irq#count()} is the count when read);
 *        empty for a window without interrupts
 */
public record Window(String name, long phys, long size, CacheMode mode, String source,
        Optional<Dma> dma, List<Irq> interrupts) {

    /**
     * The canonical constructor; keeps an unmodifiable copy of the interrupts.
     *
     * @param name the directory name
     * @param phys the first physical address
     * @param size the size in bytes
     * @param mode how the driver maps it
     * @param source where it was configured
     * @param dma the DMA facts of a buffer window; empty for other windows
     * @param interrupts the window's interrupts, by index; empty for none
     * @throws NullPointerException for a null argument ({@code dma} included)
     */
    public Window {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dma, "dma");
        interrupts = List.copyOf(interrupts);
    }

    /**
     * A window without DMA facts or interrupts.
     *
     * @param name the directory name
     * @param phys the first physical address
     * @param size the size in bytes
     * @param mode how the driver maps it
     * @param source where it was configured
     */
    public Window(String name, long phys, long size, CacheMode mode, String source) {
        this(name, phys, size, mode, source, Optional.empty(), List.of());
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
     * @param source where it comes from
     * @param trigger edge or level
     * @param count the total events since the driver requested it, when read
     * @param masked true while the kernel keeps the line masked (a
     *        level-triggered interrupt not yet re-enabled, or no handle
     *        opened yet)
     */
    public record Irq(int index, int irq, Source source, Trigger trigger, long count,
            boolean masked) {

        /**
         * The canonical constructor.
         *
         * @param index its index in the window
         * @param irq the Linux irq number
         * @param source where it comes from
         * @param trigger edge or level
         * @param count the total events when read
         * @param masked true while the kernel keeps the line masked
         * @throws NullPointerException for a null source or trigger
         */
        public Irq {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(trigger, "trigger");
        }

        /**
         * @return true for a level-triggered source: userspace acknowledges
         *         the device, then calls {@link Interrupt#enable()}
         */
        public boolean levelTriggered() {
            return trigger == Trigger.LEVEL;
        }

        /** Where an interrupt comes from: sysfs {@code source}. */
        public enum Source {
            /** A device-tree {@code interrupts} entry ({@code dt}). */
            DT("dt"),
            /** A PCI MSI-X vector ({@code msi-x}). */
            MSI_X("msi-x"),
            /** A PCI MSI vector ({@code msi}). */
            MSI("msi"),
            /** The legacy PCI INTx line, level-triggered ({@code intx}). */
            INTX("intx");

            private final String word;

            Source(String word) {
                this.word = word;
            }

            /** @return the word of sysfs, e.g. {@code "msi-x"} */
            public String word() {
                return word;
            }

            /**
             * Parses the word of sysfs.
             *
             * @param word {@code dt}, {@code msi-x}, {@code msi} or {@code intx}
             * @return the source
             * @throws IllegalArgumentException for any other word, naming it
             */
            public static Source fromWord(String word) {
                for (Source s : values()) {
                    if (s.word.equals(word)) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("unknown interrupt source '" + word
                        + "': dt, msi-x, msi or intx");
            }
        }

        /** How an interrupt is triggered: sysfs {@code trigger}. */
        public enum Trigger {
            /** Edge-triggered: never masked by the kernel ({@code edge}). */
            EDGE("edge"),
            /** Level-triggered: masked at each interrupt until enabled ({@code level}). */
            LEVEL("level");

            private final String word;

            Trigger(String word) {
                this.word = word;
            }

            /** @return the word of sysfs, {@code "edge"} or {@code "level"} */
            public String word() {
                return word;
            }

            /**
             * Parses the word of sysfs.
             *
             * @param word {@code edge} or {@code level}
             * @return the trigger
             * @throws IllegalArgumentException for any other word, naming it
             */
            public static Trigger fromWord(String word) {
                for (Trigger t : values()) {
                    if (t.word.equals(word)) {
                        return t;
                    }
                }
                throw new IllegalArgumentException("unknown trigger '" + word + "': edge or level");
            }
        }
    }

    /** @return true for a DMA buffer window (with {@link #dma()} facts) */
    public boolean isBuffer() {
        return dma.isPresent();
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
