// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/**
 * The width of an access: 8, 16, 32 or 64 bits. The width-generic accessors
 * of {@link Mapping}, its bulk operations and the {@code devmap} command
 * all name widths this way.
 */
public enum Width {
    /** 8 bits. */
    BYTE(8),
    /** 16 bits. */
    SHORT(16),
    /** 32 bits. */
    INT(32),
    /** 64 bits. */
    LONG(64);

    private final int bits;

    Width(int bits) {
        this.bits = bits;
    }

    /**
     * Returns the width of a number of bits.
     *
     * @param bits 8, 16, 32 or 64
     * @return the width
     * @throws IllegalArgumentException for any other number, naming it
     */
    public static Width ofBits(int bits) {
        switch (bits) {
            case 8:
                return BYTE;
            case 16:
                return SHORT;
            case 32:
                return INT;
            case 64:
                return LONG;
            default:
                throw new IllegalArgumentException("width must be 8, 16, 32 or 64 bits, not " + bits);
        }
    }

    /** @return the width in bits */
    public int bits() {
        return bits;
    }

    /** @return the width in bytes */
    public int bytes() {
        return bits / 8;
    }

    /** @return the mask of the width's bits, e.g. 0xff for 8 bits */
    public long mask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /**
     * Tells whether a value fits, either as an unsigned or as a signed
     * number: for 8 bits, -0x80 to 0xff.
     *
     * @param value the value
     * @return true if it fits
     */
    public boolean fits(long value) {
        return bits == 64 || (value < 1L << bits && value >= -(1L << (bits - 1)));
    }

    /**
     * Checks that a value fits (see {@link #fits}).
     *
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException if it does not, naming the value
     */
    public long check(long value) {
        if (!fits(value)) {
            throw new IllegalArgumentException(String.format(
                    "value %s does not fit in %d bits", Checks.hex(value), bits));
        }
        return value;
    }

    /**
     * Formats a value as {@code 0x} and as many hex digits as the width has
     * nibbles, after masking it to the width.
     *
     * @param value the value
     * @return e.g. {@code 0x03} for 3 at 8 bits
     */
    public String hex(long value) {
        String digits = Long.toHexString(value & mask());
        StringBuilder sb = new StringBuilder(2 + bits / 4).append("0x");
        for (int i = digits.length(); i < bits / 4; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
