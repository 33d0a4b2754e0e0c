// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Single accesses without keeping a mapping, for one-shot tools and
 * scripts: read a register, write one or several consecutive ones, or
 * read-modify-write one.
 *
 * <p>Accesses of up to 32 bits to {@code /dev/map} or to a regular file go
 * through {@code pread}/{@code pwrite} at the address: the driver makes
 * each one aligned access of that width, and no mapping is set up (JNA is
 * not even loaded), which is most of a one-shot command's time. Other
 * devices give {@code read} another meaning (UIO) or copy bytewise
 * ({@code /dev/mem}), and 64-bit values would be split in two accesses:
 * those take a mapping with volatile accesses, as does any failure of the
 * positional path, so that errors carry the errno of the mapping path.
 * Nothing is ever written past the end of a regular file.
 */
public final class OneShot {
    private static final Path DEV_MAP = Path.of("/dev/map");

    private OneShot() {
    }

    /**
     * Reads one value, zero-extended.
     *
     * @param path the device or file, e.g. {@code /dev/map}
     * @param address the offset in it (the physical address for {@code /dev/map}),
     *        aligned to the width
     * @param width the access width
     * @param options byte order, memory type and windows of the mapping path
     * @return the value
     * @throws IOException if the access fails (a {@link DevmapException} with errno)
     * @throws IllegalArgumentException if the address is negative or misaligned
     */
    public static long read(Path path, long address, Width width, MapOptions options)
            throws IOException {
        check(path, address, width, 1, options);
        if (positional(path, address, width, 1)) {
            ByteBuffer b = ByteBuffer.allocate(width.bytes()).order(options.order());
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                if (ch.read(b, address) == width.bytes()) {
                    return decode(b, width);
                }
            } catch (IOException | RuntimeException e) {
                // the mapping path reports it
            }
        }
        try (Mapping m = Mapping.open(path, address, width.bytes(), options)) {
            return m.getVolatile(0, width);
        }
    }

    /**
     * Writes values to consecutive addresses, one access of the width each,
     * in order. Registers may have side effects on read: nothing is read back.
     *
     * @param path the device or file
     * @param address the offset of the first value, aligned to the width
     * @param width the access width
     * @param options byte order, memory type and windows of the mapping path
     * @param values the values; each must fit the width ({@link Width#fits})
     * @throws IOException if an access fails
     * @throws IllegalArgumentException for a misaligned address, no values or
     *         a value that does not fit, before anything is written
     */
    public static void write(Path path, long address, Width width, MapOptions options, long... values)
            throws IOException {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to write");
        }
        for (long v : values) {
            width.check(v);
        }
        check(path, address, width, values.length, options);
        int done = 0;
        if (positional(path, address, width, values.length)) {
            done = writePositional(path, address, width, options, values);
        }
        if (done == values.length) {
            return;
        }
        long at = address + (long) done * width.bytes();
        try (Mapping m = Mapping.open(path, at, (long) (values.length - done) * width.bytes(), options)) {
            for (int i = done; i < values.length; i++) {
                m.putVolatile((long) (i - done) * width.bytes(), width, values[i]);
            }
        }
    }

    /**
     * Read-modify-write of one value: reads it, clears the bits of
     * {@code clear}, sets those of {@code set}, writes the result. Not
     * atomic: another writer between the read and the write is lost.
     *
     * @param path the device or file
     * @param address the offset, aligned to the width
     * @param width the access width
     * @param clear the bits to clear, inside the width
     * @param set the bits to set, inside the width
     * @param options byte order, memory type and windows of the mapping path
     * @return the value read and the value written, {@code (old & ~clear) | set}
     * @throws IOException if an access fails
     * @throws IllegalArgumentException if a mask has bits outside the width
     */
    public static Mapping.Change modify(Path path, long address, Width width, long clear, long set,
            MapOptions options) throws IOException {
        for (long mask : new long[] {clear, set}) {
            if ((mask & ~width.mask()) != 0) {
                throw new IllegalArgumentException(String.format(
                        "mask 0x%x has bits outside %d bits", mask, width.bits()));
            }
        }
        check(path, address, width, 1, options);
        if (positional(path, address, width, 1)) {
            ByteBuffer b = ByteBuffer.allocate(width.bytes()).order(options.order());
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                if (ch.read(b, address) == width.bytes()) {
                    long old = decode(b, width);
                    long now = (old & ~clear) | set;
                    if (ch.write(encode(width, options, now), address) == width.bytes()) {
                        return new Mapping.Change(old, now);
                    }
                    throw new DevmapException("pwrite", Errno.EIO, path.toString(), address,
                            width.bytes(), "short write");
                }
            } catch (DevmapException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // the mapping path reports it
            }
        }
        try (Mapping m = Mapping.open(path, address, width.bytes(), options)) {
            return m.modify(0, width, clear, set);
        }
    }

    private static void check(Path path, long address, Width width, int count, MapOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(options, "options");
        if (address < 0 || address + (long) count * width.bytes() < 0) {
            throw new IllegalArgumentException("bad address " + Checks.hex(address));
        }
        if (address % width.bytes() != 0) {
            throw new IllegalArgumentException(String.format(
                    "address 0x%x is not aligned to %d bits", address, width.bits()));
        }
    }

    private static boolean positional(Path path, long address, Width width, int count) {
        if (width == Width.LONG) {
            return false;
        }
        if (path.equals(DEV_MAP)) {
            return true;
        }
        try {
            // Never past the end: a write there would grow the file.
            return Files.isRegularFile(path)
                    && address <= Files.size(path) - (long) count * width.bytes();
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns how many values were written; the caller maps for the rest. */
    private static int writePositional(Path path, long address, Width width, MapOptions options,
            long[] values) {
        int done = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            for (long v : values) {
                if (ch.write(encode(width, options, v), address + (long) done * width.bytes())
                        != width.bytes()) {
                    break;
                }
                done++;
            }
        } catch (IOException | RuntimeException e) {
            // the mapping path takes over from the first value not written
        }
        return done;
    }

    private static long decode(ByteBuffer b, Width width) {
        b.flip();
        // On the bytes, not the enum: no synthetic switch class to load.
        switch (width.bytes()) {
            case 1:
                return b.get() & 0xffL;
            case 2:
                return b.getShort() & 0xffffL;
            default:
                return b.getInt() & 0xffffffffL;
        }
    }

    private static ByteBuffer encode(Width width, MapOptions options, long value) {
        ByteBuffer b = ByteBuffer.allocate(width.bytes()).order(options.order());
        switch (width.bytes()) {
            case 1:
                b.put((byte) value);
                break;
            case 2:
                b.putShort((short) value);
                break;
            default:
                b.putInt((int) value);
        }
        return b.flip();
    }
}
