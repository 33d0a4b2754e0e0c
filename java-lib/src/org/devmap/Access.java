// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The typed single accesses of a {@link Mapping}. Every multi-byte access
 * picks its handle the same way: one native-order view per width (a static
 * final, so that the JIT inlines it) and a byte swap when the mapping's
 * order is not the native one. Plain accesses are opaque on device memory
 * (never merged, split or dropped). There is no byte-sized view: ordered
 * byte accesses are a plain access between the fences of their mode.
 *
 * <p>Ordered (volatile, acquire, release) multi-byte accesses take a fast
 * path: the view checks the bounds and the natural alignment of ordered
 * accesses itself, so {@link Checks} only runs to name a failure. make bench
 * measured P1 (acquire/release 32-bit sweeps) about 13% slower with both
 * checks on the host. Plain accesses keep the explicit check: the view does
 * not check alignment for them, which device memory needs.
 */
final class Access {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);

    /*
     * The buffer and the closed flag are fields of this class, not read
     * through the Region: one dependent load less per access (measured on
     * P1).
     */
    private final ByteBuffer buffer;
    private final Checks checks;
    private final boolean swap;
    private final boolean device;
    private final String path;
    private volatile boolean closed;

    Access(Region region, Checks checks, ByteOrder order, boolean device) {
        this.buffer = region.live();
        this.path = region.path.toString();
        this.checks = checks;
        this.swap = order != NATIVE;
        this.device = device;
    }

    /** The buffer, or IllegalStateException once closed. */
    ByteBuffer live() {
        if (closed) {
            throw new IllegalStateException("mapping of " + path + " is closed");
        }
        return buffer;
    }

    /** Every access that starts after this throws IllegalStateException. */
    void close() {
        closed = true;
    }

    private static VarHandle view(Class<?> arrayClass) {
        return MethodHandles.byteBufferViewVarHandle(arrayClass, NATIVE);
    }

    // ---------------------------------------------------------------- 8 bits

    byte getByte(long off) {
        ByteBuffer b = live();
        try {
            byte v = b.get(checks.index(off, 1, ""));
            if (device) {
                VarHandle.loadLoadFence();
            }
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putByte(long off, byte value) {
        ByteBuffer b = live();
        try {
            b.put(checks.index(off, 1, ""), value);
            if (device) {
                VarHandle.storeStoreFence();
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    byte getByteVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 1, "volatile");
            VarHandle.fullFence();
            byte v = b.get(i);
            VarHandle.acquireFence();
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putByteVolatile(long off, byte value) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 1, "volatile");
            VarHandle.releaseFence();
            b.put(i, value);
            VarHandle.fullFence();
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    byte getByteAcquire(long off) {
        ByteBuffer b = live();
        try {
            byte v = b.get(checks.index(off, 1, "acquire"));
            VarHandle.acquireFence();
            return v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putByteRelease(long off, byte value) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 1, "release");
            VarHandle.releaseFence();
            b.put(i, value);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 16 bits

    short getShort(long off) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 2, "");
            short v = device ? (short) SHORT.getOpaque(b, i) : (short) SHORT.get(b, i);
            return swap ? Short.reverseBytes(v) : v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putShort(long off, short value) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 2, "");
            short v = swap ? Short.reverseBytes(value) : value;
            if (device) {
                SHORT.setOpaque(b, i, v);
            } else {
                SHORT.set(b, i, v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    short getShortVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    short v = (short) SHORT.getVolatile(b, i);
                    return swap ? Short.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 2, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    short getShortAcquire(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    short v = (short) SHORT.getAcquire(b, i);
                    return swap ? Short.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 2, "acquire");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putShortVolatile(long off, short value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    SHORT.setVolatile(b, i, swap ? Short.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 2, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putShortRelease(long off, short value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    SHORT.setRelease(b, i, swap ? Short.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 2, "release");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 32 bits

    int getInt(long off) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 4, "");
            int v = device ? (int) INT.getOpaque(b, i) : (int) INT.get(b, i);
            return swap ? Integer.reverseBytes(v) : v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putInt(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 4, "");
            int v = swap ? Integer.reverseBytes(value) : value;
            if (device) {
                INT.setOpaque(b, i, v);
            } else {
                INT.set(b, i, v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    int getIntVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    int v = (int) INT.getVolatile(b, i);
                    return swap ? Integer.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 4, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    int getIntAcquire(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    int v = (int) INT.getAcquire(b, i);
                    return swap ? Integer.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 4, "acquire");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putIntVolatile(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    INT.setVolatile(b, i, swap ? Integer.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 4, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putIntRelease(long off, int value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    INT.setRelease(b, i, swap ? Integer.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 4, "release");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    // ---------------------------------------------------------------- 64 bits

    long getLong(long off) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 8, "");
            long v = device ? (long) LONG.getOpaque(b, i) : (long) LONG.get(b, i);
            return swap ? Long.reverseBytes(v) : v;
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putLong(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = checks.index(off, 8, "");
            long v = swap ? Long.reverseBytes(value) : value;
            if (device) {
                LONG.setOpaque(b, i, v);
            } else {
                LONG.set(b, i, v);
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    long getLongVolatile(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    long v = (long) LONG.getVolatile(b, i);
                    return swap ? Long.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 8, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    long getLongAcquire(long off) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    long v = (long) LONG.getAcquire(b, i);
                    return swap ? Long.reverseBytes(v) : v;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 8, "acquire");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putLongVolatile(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    LONG.setVolatile(b, i, swap ? Long.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 8, "volatile");
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    void putLongRelease(long off, long value) {
        ByteBuffer b = live();
        try {
            int i = (int) off;
            if (i == off) {
                try {
                    LONG.setRelease(b, i, swap ? Long.reverseBytes(value) : value);
                    return;
                } catch (IndexOutOfBoundsException | IllegalStateException e) {
                    // named below
                }
            }
            throw checks.failed(off, 8, "release");
        } finally {
            Reference.reachabilityFence(b);
        }
    }
}
