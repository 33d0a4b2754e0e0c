// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Options for {@link Mapping#open(Path, long, long, MapOptions)}. Immutable;
 * each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * MapOptions o = MapOptions.defaults().withOrder(ByteOrder.BIG_ENDIAN);
 * }</pre>
 */
public final class MapOptions {
    private static final MapOptions DEFAULTS =
            new MapOptions(ByteOrder.nativeOrder(), null, false, Windows.DEFAULT_ROOT);

    private final ByteOrder order;
    private final MemoryType memoryType;
    private final boolean readOnly;
    private final Path windowsRoot;

    private MapOptions(ByteOrder order, MemoryType memoryType, boolean readOnly, Path windowsRoot) {
        this.order = order;
        this.memoryType = memoryType;
        this.readOnly = readOnly;
        this.windowsRoot = windowsRoot;
    }

    /**
     * Native byte order, memory type detected, read-write, windows read
     * from {@link Windows#DEFAULT_ROOT}.
     *
     * @return the default options
     */
    public static MapOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets the byte order of multi-byte accesses.
     *
     * @param newOrder the order, e.g. {@link ByteOrder#BIG_ENDIAN}
     * @return changed options
     */
    public MapOptions withOrder(ByteOrder newOrder) {
        return new MapOptions(Objects.requireNonNull(newOrder), memoryType, readOnly, windowsRoot);
    }

    /**
     * Forces the memory type instead of detecting it.
     *
     * @param type the type, or null to detect: regular files and windows whose
     *        sysfs mode is {@code cached} are {@link MemoryType#CACHED}, all
     *        other devices {@link MemoryType#DEVICE}
     * @return changed options
     */
    public MapOptions withMemoryType(MemoryType type) {
        return new MapOptions(order, type, readOnly, windowsRoot);
    }

    /**
     * Opens read-only and maps with {@code PROT_READ} only; all stores then
     * throw {@link java.nio.ReadOnlyBufferException}.
     *
     * @param ro true for read-only
     * @return changed options
     */
    public MapOptions withReadOnly(boolean ro) {
        return new MapOptions(order, memoryType, ro, windowsRoot);
    }

    /**
     * Sets where the {@code /dev/map} windows are read from to detect the
     * memory type.
     *
     * @param root the sysfs windows directory
     * @return changed options
     */
    public MapOptions withWindowsRoot(Path root) {
        return new MapOptions(order, memoryType, readOnly, Objects.requireNonNull(root));
    }

    /** @return the byte order */
    public ByteOrder order() {
        return order;
    }

    /** @return the forced memory type, or null to detect it */
    public MemoryType memoryType() {
        return memoryType;
    }

    /** @return true if read-only */
    public boolean readOnly() {
        return readOnly;
    }

    /** @return the sysfs windows directory */
    public Path windowsRoot() {
        return windowsRoot;
    }
}
