// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The bulk operations of a {@link Mapping}: array copies and fill.
 *
 * <p>Device memory: one access per element at the element width, aligned.
 * Multi-byte elements use opaque accesses, which the JIT neither merges nor
 * vectorizes. Bytes have no opaque view, so a store-store (load-load) fence
 * after each one keeps the JIT from merging neighbours into a wider access.
 * Cached memory: the JVM's bulk copies.
 */
final class Bulk {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, NATIVE);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, NATIVE);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, NATIVE);
    private static final int FILL_CHUNK = 64 * 1024;

    private final Access access;
    private final Checks checks;
    private final ByteOrder order;
    private final boolean swap;
    private final boolean device;

    Bulk(Access access, Checks checks, ByteOrder order, boolean device) {
        this.access = access;
        this.checks = checks;
        this.order = order;
        this.swap = order != NATIVE;
        this.device = device;
    }

    void read(long off, byte[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 1);
            if (!device) {
                b.get(i, dst, dstIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                dst[dstIndex + k] = b.get(i + k);
                VarHandle.loadLoadFence();
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void write(long off, byte[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 1);
            if (!device) {
                b.put(i, src, srcIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                b.put(i + k, src[srcIndex + k]);
                VarHandle.storeStoreFence();
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void read(long off, short[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 2);
            if (!device) {
                b.slice(i, count * 2).order(order).asShortBuffer().get(dst, dstIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                short v = (short) SHORT.getOpaque(b, i + 2 * k);
                dst[dstIndex + k] = swap ? Short.reverseBytes(v) : v;
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void write(long off, short[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 2);
            if (!device) {
                b.slice(i, count * 2).order(order).asShortBuffer().put(src, srcIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                short v = src[srcIndex + k];
                SHORT.setOpaque(b, i + 2 * k, swap ? Short.reverseBytes(v) : v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void read(long off, int[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 4);
            if (!device) {
                b.slice(i, count * 4).order(order).asIntBuffer().get(dst, dstIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                int v = (int) INT.getOpaque(b, i + 4 * k);
                dst[dstIndex + k] = swap ? Integer.reverseBytes(v) : v;
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void write(long off, int[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 4);
            if (!device) {
                b.slice(i, count * 4).order(order).asIntBuffer().put(src, srcIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                int v = src[srcIndex + k];
                INT.setOpaque(b, i + 4 * k, swap ? Integer.reverseBytes(v) : v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void read(long off, long[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 8);
            if (!device) {
                b.slice(i, count * 8).order(order).asLongBuffer().get(dst, dstIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                long v = (long) LONG.getOpaque(b, i + 8 * k);
                dst[dstIndex + k] = swap ? Long.reverseBytes(v) : v;
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void write(long off, long[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, count, 8);
            if (!device) {
                b.slice(i, count * 8).order(order).asLongBuffer().put(src, srcIndex, count);
                return;
            }
            for (int k = 0; k < count; k++) {
                long v = src[srcIndex + k];
                LONG.setOpaque(b, i + 8 * k, swap ? Long.reverseBytes(v) : v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    /** Fills with a value repeated at a width: one loop per width on device memory. */
    void fill(long off, long byteCount, Width w, long value) {
        w.check(value);
        Checks.fillLength(byteCount, w);
        int n = w.bytes();
        ByteBuffer b = access.live();
        try {
            int i = checks.range(off, byteCount / n, n);
            int end = i + (int) byteCount;
            if (!device) {
                fillCached(b, i, end, w, value);
                return;
            }
            switch (w) {
                case BYTE:
                    for (int k = i; k < end; k++) {
                        b.put(k, (byte) value);
                        VarHandle.storeStoreFence();
                    }
                    break;
                case SHORT:
                    short s = swap ? Short.reverseBytes((short) value) : (short) value;
                    for (int k = i; k < end; k += 2) {
                        SHORT.setOpaque(b, k, s);
                    }
                    break;
                case INT:
                    int v = swap ? Integer.reverseBytes((int) value) : (int) value;
                    for (int k = i; k < end; k += 4) {
                        INT.setOpaque(b, k, v);
                    }
                    break;
                default:
                    long l = swap ? Long.reverseBytes(value) : value;
                    for (int k = i; k < end; k += 8) {
                        LONG.setOpaque(b, k, l);
                    }
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    private void fillCached(ByteBuffer b, int start, int end, Width w, long value) {
        int chunk = Math.min(end - start, FILL_CHUNK);
        ByteBuffer pattern = ByteBuffer.allocate(chunk).order(order);
        while (pattern.hasRemaining()) {
            switch (w) {
                case BYTE:
                    pattern.put((byte) value);
                    break;
                case SHORT:
                    pattern.putShort((short) value);
                    break;
                case INT:
                    pattern.putInt((int) value);
                    break;
                default:
                    pattern.putLong(value);
            }
        }
        byte[] bytes = pattern.array();
        for (int k = start; k < end; k += chunk) {
            b.put(k, bytes, 0, Math.min(chunk, end - k));
        }
    }
}
