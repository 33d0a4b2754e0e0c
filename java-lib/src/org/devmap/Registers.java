// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The register helpers of a {@link Mapping}: read-modify-write of bits and
 * fields, and waiting for status bits with a deadline (the kernel's
 * {@code readl_poll_timeout}). Reads are acquire, writes release, at the
 * register's width, so they keep their order with the accesses around
 * them.
 */
final class Registers {
    /** Polls spun before yielding, and yields before sleeping. */
    private static final int SPINS = 64;
    private static final int YIELDS = 64;
    /** The longest sleep between two polls: 1 ms. */
    private static final long MAX_PARK = 1_000_000L;

    private final AnyWidth access;

    Registers(AnyWidth access) {
        this.access = access;
    }

    /** A mask inside the width, or IllegalArgumentException naming it. */
    static long mask(String what, long mask, Width w) {
        if ((mask & ~w.mask()) != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s 0x%x has bits outside %d bits", what, mask, w.bits()));
        }
        return mask;
    }

    /** The mask of bits hi..lo, or IllegalArgumentException naming them. */
    static long field(Width w, int hi, int lo) {
        if (lo < 0 || hi < lo || hi >= w.bits()) {
            throw new IllegalArgumentException(String.format(
                    "bad field %d:%d of a %d-bit register: need %d >= HI >= LO >= 0",
                    hi, lo, w.bits(), w.bits() - 1));
        }
        int n = hi - lo + 1;
        return (n == 64 ? -1L : (1L << n) - 1) << lo;
    }

    Mapping.Change modify(long off, Width w, long clear, long set) {
        Objects.requireNonNull(w, "width");
        mask("clear mask", clear, w);
        mask("set mask", set, w);
        long old = access.getAcquire(off, w);
        long now = (old & ~clear) | set;
        access.putRelease(off, w, now);
        return new Mapping.Change(old, now);
    }

    long getField(long off, Width w, int hi, int lo) {
        Objects.requireNonNull(w, "width");
        long m = field(w, hi, lo);
        return (access.getAcquire(off, w) & m) >>> lo;
    }

    Mapping.Change setField(long off, Width w, int hi, int lo, long value) {
        Objects.requireNonNull(w, "width");
        long m = field(w, hi, lo);
        int n = hi - lo + 1;
        if (n < 64 && (value & ~((1L << n) - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "value 0x%x does not fit in field %d:%d (%d bits)", value, hi, lo, hi - lo + 1));
        }
        return modify(off, w, m, value << lo);
    }

    OptionalLong awaitBits(long off, Width w, long mask, long value, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(w, "width");
        Objects.requireNonNull(timeout, "timeout");
        mask("mask", mask, w);
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException(String.format(
                    "value 0x%x has bits outside the mask 0x%x: it can never match", value, mask));
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("bad timeout " + timeout + ": negative");
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        long start = System.nanoTime();
        long park = 1_000L;
        for (int polls = 0;; polls++) {
            // The deadline is taken before the read: a match read after it
            // still counts, as in readl_poll_timeout.
            boolean late = System.nanoTime() - start >= nanos;
            long v = access.getAcquire(off, w);
            if ((v & mask) == value) {
                return OptionalLong.of(v);
            }
            if (late) {
                return OptionalLong.empty();
            }
            if (polls < SPINS) {
                Thread.onSpinWait();
            } else if (polls < SPINS + YIELDS) {
                Thread.yield();
            } else {
                long left = nanos - (System.nanoTime() - start);
                LockSupport.parkNanos(Math.max(0, Math.min(park, left)));
                park = Math.min(2 * park, MAX_PARK);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
