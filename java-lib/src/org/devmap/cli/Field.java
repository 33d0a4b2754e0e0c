// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import org.devmap.Width;

/** A bit field HI:LO of a value of some width, with an optional value. */
final class Field {
    final int hi;
    final int lo;
    /** The field's value, shifted down; 0 when none was given. */
    final long value;

    private Field(int hi, int lo, long value) {
        this.hi = hi;
        this.lo = lo;
        this.value = value;
    }

    /** The field's bits in place, e.g. 0xf0 for 7:4. */
    long mask() {
        int n = hi - lo + 1;
        return (n == 64 ? -1L : (1L << n) - 1) << lo;
    }

    /** The field of {@code v}, shifted down. */
    long extract(long v) {
        return (v & mask()) >>> lo;
    }

    /** Hex with as many digits as the field has nibbles. */
    String hex(long v) {
        int digits = (hi - lo + 4) / 4;
        return String.format("0x%0" + digits + "x", v);
    }

    /**
     * Parses {@code HI:LO} (withValue false) or {@code HI:LO=VALUE}; every
     * error names the spec and says what is wrong.
     */
    static Field parse(String spec, Width width, boolean withValue) throws UsageException {
        String range = spec;
        String val = null;
        int eq = spec.indexOf('=');
        if (withValue) {
            if (eq < 0) {
                throw new UsageException("bad field '" + spec + "': expected HI:LO=VALUE");
            }
            range = spec.substring(0, eq);
            val = spec.substring(eq + 1);
        } else if (eq >= 0) {
            throw new UsageException("bad field '" + spec + "': expected HI:LO (a value only with modify)");
        }
        int colon = range.indexOf(':');
        if (colon < 0 || !range.matches("[0-9]{1,2}:[0-9]{1,2}")) {
            throw new UsageException("bad field '" + spec + "': expected HI:LO with bit numbers, e.g. 7:4");
        }
        int hi = Integer.parseInt(range.substring(0, colon));
        int lo = Integer.parseInt(range.substring(colon + 1));
        if (hi < lo) {
            throw new UsageException("bad field '" + spec + "': HI " + hi + " is below LO " + lo);
        }
        if (hi >= width.bits()) {
            throw new UsageException("bad field '" + spec + "': bit " + hi + " is outside the "
                    + width.bits() + "-bit width");
        }
        long v = 0;
        if (val != null) {
            v = Numbers.parse("field value", val, false);
            int n = hi - lo + 1;
            if (n < 64 && (v >>> n) != 0) {
                throw new UsageException("bad field '" + spec + "': value " + val + " does not fit in "
                        + n + (n == 1 ? " bit" : " bits"));
            }
        }
        return new Field(hi, lo, v);
    }
}
