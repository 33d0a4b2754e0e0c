// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/**
 * One physical memory window of the {@code /dev/map} driver, as described in
 * {@code /sys/class/misc/map/windows/<name>/}.
 *
 * @param name the directory name; a kernel-allocated window is {@code buffer}
 * @param phys the first physical address
 * @param size the size in bytes
 * @param mode how the driver maps it
 * @param source where it was configured: {@code param}, {@code buffer} or {@code dt}
 */
public record Window(String name, long phys, long size, CacheMode mode, String source) {

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
