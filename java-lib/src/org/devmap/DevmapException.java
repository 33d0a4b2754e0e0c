// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;

/**
 * A system call on a device or file failed. Carries errno, its name, the
 * operation, the path and the requested range, all of which are also in the
 * message, for example
 * {@code mmap /dev/map offset=0xc0000000 length=0x300000: ENXIO (No such device or address)}.
 */
public final class DevmapException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The call that failed. */
    private final String operation;
    /** The errno value. */
    private final int errno;
    /** The file or device, as a string: Path is not serializable. */
    private final String path;
    /** The requested offset. */
    private final long offset;
    /** The requested length. */
    private final long length;

    /**
     * Creates the exception.
     *
     * @param operation the call that failed, e.g. {@code "mmap"}
     * @param errno the errno value
     * @param path the file or device
     * @param offset the requested offset (physical address for /dev/map)
     * @param length the requested length in bytes
     * @param detail extra explanation appended to the message, or null
     */
    public DevmapException(String operation, int errno, String path, long offset, long length,
            String detail) {
        super(String.format("%s %s offset=0x%x length=0x%x: %s (%s)%s", operation, path, offset,
                length, Errno.name(errno), Errno.describe(errno),
                detail == null ? "" : ": " + detail));
        this.operation = operation;
        this.errno = errno;
        this.path = path;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Creates the exception for a call that has no range, e.g. on an
     * interrupt handle: {@link #offset()} and {@link #length()} are 0.
     *
     * @param operation the call that failed, e.g. {@code "irq open"}
     * @param errno the errno value
     * @param path the file or device
     * @param target what the call was about, e.g. {@code "window=fpga index=0"}
     * @param detail extra explanation appended to the message, or null
     */
    DevmapException(String operation, int errno, String path, String target, String detail) {
        super(String.format("%s %s %s: %s (%s)%s", operation, path, target, Errno.name(errno),
                Errno.describe(errno), detail == null ? "" : ": " + detail));
        this.operation = operation;
        this.errno = errno;
        this.path = path;
        this.offset = 0;
        this.length = 0;
    }

    /** @return the call that failed, e.g. {@code "open"} or {@code "mmap"} */
    public String operation() {
        return operation;
    }

    /** @return the errno value, e.g. {@link Errno#ENXIO} */
    public int errno() {
        return errno;
    }

    /** @return the symbolic errno name, e.g. {@code "ENXIO"} */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** @return the file or device path */
    public String path() {
        return path;
    }

    /** @return the requested offset */
    public long offset() {
        return offset;
    }

    /** @return the requested length */
    public long length() {
        return length;
    }
}
