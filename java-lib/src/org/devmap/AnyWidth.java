// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/**
 * The width-generic single accesses of a {@link Mapping}: one switch on the
 * {@link Width} to the typed accessor; values are zero-extended on reads and
 * must fit the width on writes (nothing is masked).
 */
final class AnyWidth {
    private final Access access;

    AnyWidth(Access access) {
        this.access = access;
    }

    /** A plain read, zero-extended. */
    long get(long off, Width w) {
        switch (w) {
            case BYTE:
                return access.getByte(off) & 0xffL;
            case SHORT:
                return access.getShort(off) & 0xffffL;
            case INT:
                return access.getInt(off) & 0xffffffffL;
            default:
                return access.getLong(off);
        }
    }

    /** A volatile read, zero-extended. */
    long getVolatile(long off, Width w) {
        switch (w) {
            case BYTE:
                return access.getByteVolatile(off) & 0xffL;
            case SHORT:
                return access.getShortVolatile(off) & 0xffffL;
            case INT:
                return access.getIntVolatile(off) & 0xffffffffL;
            default:
                return access.getLongVolatile(off);
        }
    }

    /** An acquire read, zero-extended. */
    long getAcquire(long off, Width w) {
        switch (w) {
            case BYTE:
                return access.getByteAcquire(off) & 0xffL;
            case SHORT:
                return access.getShortAcquire(off) & 0xffffL;
            case INT:
                return access.getIntAcquire(off) & 0xffffffffL;
            default:
                return access.getLongAcquire(off);
        }
    }

    /** A plain write of a value that fits the width; nothing is masked. */
    void put(long off, Width w, long value) {
        w.check(value);
        switch (w) {
            case BYTE:
                access.putByte(off, (byte) value);
                break;
            case SHORT:
                access.putShort(off, (short) value);
                break;
            case INT:
                access.putInt(off, (int) value);
                break;
            default:
                access.putLong(off, value);
        }
    }

    /** A volatile write of a value that fits the width. */
    void putVolatile(long off, Width w, long value) {
        w.check(value);
        switch (w) {
            case BYTE:
                access.putByteVolatile(off, (byte) value);
                break;
            case SHORT:
                access.putShortVolatile(off, (short) value);
                break;
            case INT:
                access.putIntVolatile(off, (int) value);
                break;
            default:
                access.putLongVolatile(off, value);
        }
    }

    /** A release write of a value that fits the width. */
    void putRelease(long off, Width w, long value) {
        w.check(value);
        switch (w) {
            case BYTE:
                access.putByteRelease(off, (byte) value);
                break;
            case SHORT:
                access.putShortRelease(off, (short) value);
                break;
            case INT:
                access.putIntRelease(off, (int) value);
                break;
            default:
                access.putLongRelease(off, value);
        }
    }
}
