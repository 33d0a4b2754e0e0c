// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.util.Locale;

/** Parses the CLI's numbers; every error names the value it rejects. */
final class Numbers {
    private Numbers() {
    }

    /**
     * Parses hex ({@code 0x...}) or decimal, optionally with a K, M or G
     * suffix (powers of 1024), as an unsigned 64-bit number.
     */
    static long parse(String what, String s, boolean sizeSuffix) throws UsageException {
        String t = s.trim();
        long scale = 1;
        if (sizeSuffix && !t.isEmpty()) {
            char c = Character.toUpperCase(t.charAt(t.length() - 1));
            int shift = c == 'K' ? 10 : c == 'M' ? 20 : c == 'G' ? 30 : 0;
            // "0x1B" is hex, not 1 byte with a suffix; only K/M/G are suffixes.
            if (shift != 0) {
                scale = 1L << shift;
                t = t.substring(0, t.length() - 1);
            }
        }
        if (t.startsWith("-")) {
            throw new UsageException("bad " + what + " '" + s + "': must not be negative");
        }
        if (t.startsWith("+")) {
            throw new UsageException("bad " + what + " '" + s + "': not a number");
        }
        long v;
        try {
            String lower = t.toLowerCase(Locale.ROOT);
            v = lower.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16)
                    : Long.parseUnsignedLong(t, 10);
        } catch (NumberFormatException e) {
            boolean digits = t.matches("(?i)0x[0-9a-f]+") || t.matches("[0-9]+");
            String reason = digits ? "too large" : "not a number";
            throw new UsageException("bad " + what + " '" + s + "': " + reason);
        }
        if (scale != 1) {
            if (v < 0 || v > Long.MAX_VALUE / scale) {
                throw new UsageException("bad " + what + " '" + s + "': too large");
            }
            v *= scale;
        }
        return v;
    }

    /** An address below 2^63, aligned to {@code bits}. */
    static long address(String s, int bits) throws UsageException {
        long v = parse("address", s, false);
        if (v < 0) {
            throw new UsageException("bad address '" + s + "': too large");
        }
        if (v % (bits / 8) != 0) {
            throw new UsageException("bad address '" + s + "': not aligned to " + bits + " bits");
        }
        return v;
    }

    /** A length from 1 to 2^31 - 1 bytes, a multiple of {@code unit}. */
    static int length(String s, int unit) throws UsageException {
        long v = parse("length", s, true);
        if (v == 0) {
            throw new UsageException("bad length '" + s + "': must be greater than 0");
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new UsageException("bad length '" + s + "': larger than 2G - 1");
        }
        if (v % unit != 0) {
            throw new UsageException("bad length '" + s + "': not a multiple of " + unit + " bytes");
        }
        return (int) v;
    }

    /** 8, 16, 32 or 64. */
    static int width(String s) throws UsageException {
        switch (s) {
            case "8":
                return 8;
            case "16":
                return 16;
            case "32":
                return 32;
            case "64":
                return 64;
            default:
                throw new UsageException("bad width '" + s + "': must be 8, 16, 32 or 64");
        }
    }

    /** An unsigned value that fits in {@code bits}; never masked. */
    static long value(String s, int bits) throws UsageException {
        long v = parse("value", s, false);
        if (bits < 64 && (v >>> bits) != 0) {
            throw new UsageException("bad value '" + s + "': does not fit in " + bits + " bits");
        }
        return v;
    }
}
