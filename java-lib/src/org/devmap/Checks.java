// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/**
 * The checks of a mapping's accesses and their messages: bounds against the
 * requested length, natural alignment of ordered accesses and of every
 * multi-byte access to device memory (ARM raises SIGBUS otherwise).
 */
final class Checks {
    private final long offset;
    private final long length;
    private final long delta;
    private final boolean device;

    Checks(long offset, long length, long delta, boolean device) {
        this.offset = offset;
        this.length = length;
        this.delta = delta;
        this.device = device;
    }

    static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** The arguments of Mapping.open. */
    static void openRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + hex(offset));
        }
        if (length <= 0) {
            throw new IllegalArgumentException("length must be > 0, not " + length);
        }
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "length 0x%x exceeds 0x%x, the limit of a ByteBuffer", length, Integer.MAX_VALUE));
        }
        if (offset + length < 0) {
            throw new IllegalArgumentException(String.format(
                    "offset 0x%x + length 0x%x overflows", offset, length));
        }
    }

    /**
     * Checks one access and returns the buffer index.
     *
     * @param kind "" for plain accesses, else the order ("acquire", ...)
     */
    int index(long off, int bytes, String kind) {
        if (off < 0 || off > length - bytes) {
            throw new IndexOutOfBoundsException(String.format(
                    "%d-bit %saccess at offset %s out of bounds of mapping size 0x%x",
                    bytes * 8, kind.isEmpty() ? "" : kind + " ", hex(off), length));
        }
        if (bytes > 1 && (!kind.isEmpty() || device) && ((delta + off) & (bytes - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "misaligned %d-bit %saccess at offset 0x%x (address 0x%x): %s",
                    bytes * 8, kind.isEmpty() ? "" : kind + " ", off, offset + off,
                    kind.isEmpty() ? "device memory needs natural alignment"
                            : "ordered accesses need natural alignment"));
        }
        return (int) off;
    }

    /**
     * Returns the exception that {@link #index} throws for an access that the
     * view refused (out of bounds or misaligned), for the ordered fast paths.
     */
    RuntimeException failed(long off, int bytes, String kind) {
        try {
            index(off, bytes, kind);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return e;
        }
        return new IllegalStateException(String.format(
                "%d-bit %s access at offset %s refused", bytes * 8, kind, hex(off)));
    }

    /** Checks a bulk range of {@code count} elements of {@code bytes} each. */
    int range(long off, long count, int bytes) {
        long n = count * bytes;
        if (off < 0 || count < 0 || off > length - n) {
            throw new IndexOutOfBoundsException(String.format(
                    "%d bytes at offset %s out of bounds of mapping size 0x%x", n, hex(off), length));
        }
        if (device && bytes > 1 && ((delta + off) & (bytes - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "misaligned %d-bit bulk access at offset 0x%x (address 0x%x): "
                            + "device memory needs natural alignment",
                    bytes * 8, off, offset + off));
        }
        return (int) off;
    }

    /** A sync range: not empty, inside the mapping. */
    void syncRange(long off, long len) {
        if (len <= 0) {
            throw new IllegalArgumentException("sync length must be > 0, not " + len);
        }
        if (off < 0 || off > length - len) {
            throw new IndexOutOfBoundsException(String.format(
                    "sync of 0x%x bytes at offset %s out of bounds of mapping size 0x%x",
                    len, hex(off), length));
        }
    }

    /** A fill length: a multiple of the width. */
    static void fillLength(long byteCount, Width w) {
        if (byteCount < 0 || byteCount % w.bytes() != 0) {
            throw new IllegalArgumentException(String.format(
                    "fill length %d is not a multiple of %d bytes", byteCount, w.bytes()));
        }
    }
}
