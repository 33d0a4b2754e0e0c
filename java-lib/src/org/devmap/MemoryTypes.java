// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Which memory type a range is, from the kind of file and the driver's windows. */
final class MemoryTypes {
    private static final Path DEV_MAP = Path.of("/dev/map");

    private MemoryTypes() {
    }

    /**
     * The memory type of a range about to be mapped: the one the options
     * force, else the detected one. Checks the arguments of
     * {@link Mapping#open(Path, long, long, MapOptions)} first.
     */
    static MemoryType of(Path path, long offset, long length, MapOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        Checks.openRange(offset, length);
        MemoryType type = options.memoryType();
        return type != null ? type
                : detect(path, Files.isRegularFile(path), offset, length, options.windowsRoot());
    }

    /**
     * Detects the memory type of a range: regular files are cached;
     * {@code /dev/map} follows the sysfs mode of the window containing the
     * range; all other devices ({@code /dev/mem}, {@code /dev/uioN}) and
     * ranges in no window are device memory.
     */
    static MemoryType detect(Path path, boolean regular, long offset, long length,
            Path windowsRoot) throws IOException {
        if (regular) {
            return MemoryType.CACHED;
        }
        if (isSameFile(path, DEV_MAP)) {
            return detect(Windows.list(windowsRoot), offset, length);
        }
        return MemoryType.DEVICE;
    }

    static MemoryType detect(List<Window> windows, long offset, long length) {
        Optional<Window> w = Windows.containing(windows, offset);
        return w.isPresent() && w.get().contains(offset, length) && !w.get().mode().isDeviceMemory()
                ? MemoryType.CACHED : MemoryType.DEVICE;
    }

    static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
