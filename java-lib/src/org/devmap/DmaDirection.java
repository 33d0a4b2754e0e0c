// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import org.devmap.internal.DevmapIoctl;

/**
 * Which way data moves between the CPU and a device in a DMA buffer, the
 * direction of {@link Mapping#syncForCpu(long, long, DmaDirection)} and
 * {@link Mapping#syncForDevice(long, long, DmaDirection)}: the kernel's
 * {@code enum dma_data_direction}, with the values of
 * {@code DEVMAP_DIR_*} in {@code devmap_ioctl.h}.
 */
public enum DmaDirection {
    /** Both read and write in the range; the safe, slowest choice. */
    BIDIRECTIONAL(DevmapIoctl.DIR_BIDIRECTIONAL, "bidirectional"),
    /** The device reads what the CPU wrote (the CPU's lines are written back). */
    TO_DEVICE(DevmapIoctl.DIR_TO_DEVICE, "to-device"),
    /** The device writes what the CPU reads (stale lines are dropped). */
    FROM_DEVICE(DevmapIoctl.DIR_FROM_DEVICE, "from-device");

    private final int code;
    private final String word;

    DmaDirection(int code, String word) {
        this.code = code;
        this.word = word;
    }

    /** @return the {@code DEVMAP_DIR_*} value passed to the driver */
    public int code() {
        return code;
    }

    /** @return the word of sysfs and the CLI, e.g. {@code "to-device"} */
    public String word() {
        return word;
    }

    /**
     * Parses the word of sysfs and the CLI.
     *
     * @param word {@code to-device}, {@code from-device} or {@code bidirectional}
     * @return the direction
     * @throws IllegalArgumentException for any other word, naming it
     */
    public static DmaDirection fromWord(String word) {
        for (DmaDirection d : values()) {
            if (d.word.equals(word)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown DMA direction '" + word
                + "': use to-device, from-device or bidirectional");
    }
}
