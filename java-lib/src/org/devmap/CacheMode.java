// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/** How the driver maps a window, as read from its sysfs {@code mode} file. */
public enum CacheMode {
    /** Device memory, no caching, no write combining ({@code uncached}). */
    UNCACHED("uncached"),
    /** Device memory with write combining ({@code wc}). */
    WRITE_COMBINING("wc"),
    /** Normal cached memory ({@code cached}). */
    CACHED("cached");

    private final String sysfsName;

    CacheMode(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    /** @return the word used in sysfs, e.g. {@code "wc"} */
    public String sysfsName() {
        return sysfsName;
    }

    /**
     * Tells whether accesses must be aligned and element-wise. Uncached and
     * write-combining windows are device memory on ARM: unaligned or paired
     * wide accesses fault there.
     *
     * @return true unless {@link #CACHED}
     */
    public boolean isDeviceMemory() {
        return this != CACHED;
    }

    /**
     * Parses the sysfs word.
     *
     * @param word {@code uncached}, {@code wc} or {@code cached}
     * @return the mode
     * @throws IllegalArgumentException for any other word
     */
    public static CacheMode fromSysfs(String word) {
        for (CacheMode m : values()) {
            if (m.sysfsName.equals(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown cache mode '" + word + "'");
    }
}
