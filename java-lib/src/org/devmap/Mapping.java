// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A shared memory mapping of a range of a device or file: {@code /dev/map}
 * (the offset is the physical address), {@code /dev/mem}, {@code /dev/uioN}
 * or a regular file.
 *
 * <pre>{@code
 * try (Mapping regs = Mapping.open(Path.of("/dev/map"), 0xc0000000L, 0x1000)) {
 *     int id = regs.getIntVolatile(0x0);
 *     regs.putIntRelease(0x10, id | 1);
 * }
 * }</pre>
 *
 * <h2>Offsets</h2>
 * All accessor offsets are relative to the offset given to {@link #open},
 * which need not be page aligned: the mapping covers the enclosing pages and
 * keeps the difference. Accesses are bounds-checked against the requested
 * length; a failed check throws {@link IndexOutOfBoundsException} naming the
 * offset, the width and the size.
 *
 * <h2>Accessors</h2>
 * Typed accessors exist for 8, 16, 32 and 64 bits, in plain, volatile,
 * acquire (loads) and release (stores) variants, in the byte order of the
 * {@link MapOptions}. They go through {@link java.lang.invoke.VarHandle} views of a direct
 * {@link ByteBuffer}, which the JIT compiles into plain loads and stores.
 * Ordered (volatile, acquire, release) multi-byte accesses must be naturally
 * aligned, and on {@link MemoryType#DEVICE} memory all multi-byte accesses
 * must be: a misaligned access throws {@link IllegalArgumentException}
 * instead of reaching the hardware (ARM raises SIGBUS). On device memory,
 * plain accesses are opaque: the JIT may not merge neighbouring accesses into
 * a wider one, split them, or drop repeated ones, which matters for
 * registers; they add no hardware barrier. Width-generic
 * {@link #get(long, Width)} and {@link #put(long, Width, long)} take a
 * {@link Width} and reject values that do not fit.
 *
 * <h2>Registers</h2>
 * {@link #modify} clears and sets bits, {@link #getField} and
 * {@link #setField} read and write a bit field, and {@link #awaitBits}
 * waits for status bits with a deadline, polling with back-off (the
 * kernel's {@code readl_poll_timeout}). They read with acquire and write
 * with release semantics at the register's width; a read-modify-write is
 * not atomic against other writers.
 *
 * <h2>Bulk copies</h2>
 * {@code read}/{@code write}/{@link #fill} move arrays to and from the
 * mapping. On {@link MemoryType#DEVICE} memory they go element by element at
 * the element width, aligned, so that no wide, paired or unaligned access
 * reaches the device; on {@link MemoryType#CACHED} memory they use the JVM's
 * bulk copies.
 *
 * <h2>DMA buffers</h2>
 * A buffer window of {@code /dev/map} is memory shared with a device's DMA
 * engine. When the window is cached and the device does not snoop the CPU
 * caches (most arm64 and arm boards), each transfer is bracketed by
 * {@link #syncForDevice(long, long)} (after the CPU wrote what the device
 * will read) and {@link #syncForCpu(long, long)} (before the CPU reads what
 * the device wrote). On coherent systems (x86, {@code dma-coherent}
 * devices) and on uncached windows they are no-ops, which
 * {@link Window.Dma#coherent()} tells; portable code calls them anyway.
 * A device mapping keeps the descriptor it was made from for these calls
 * (closed by {@link #close()}), so each is one ioctl.
 *
 * <h2>Closing and threads</h2>
 * Accessors may be used from several threads at once. {@link #close()} is
 * idempotent and thread-safe, and every access that starts after it throws
 * {@link IllegalStateException}. Closing does not unmap the range outright:
 * it atomically replaces the device pages with private anonymous memory
 * ({@code MAP_FIXED}), so a thread that was already inside an access when
 * another thread closed reads zeros or writes into scratch memory instead of
 * crashing the JVM. That placeholder is unmapped once the mapping and all
 * buffers returned by {@link #asByteBuffer()} are unreachable. A mapping that
 * is never closed is unmapped the same way.
 */
public final class Mapping implements AutoCloseable {

    /**
     * What a read-modify-write did.
     *
     * @param oldValue the value read, zero-extended
     * @param newValue the value written
     */
    public record Change(long oldValue, long newValue) {
    }

    // A facade: Region owns the pages (the only JNA user), Checks the
    // bounds and alignment rules, Access the typed accesses, AnyWidth the
    // width-generic ones, Bulk the copies and fill, MemoryTypes detection.
    private final Region region;
    private final MemoryType memoryType;
    private final ByteOrder order;
    private final Access access;
    private final AnyWidth anyWidth;
    private final Bulk bulk;
    private final Checks checks;
    private final Registers registers;

    private Mapping(Region region, MemoryType type, ByteOrder order) {
        this.region = region;
        this.memoryType = type;
        this.order = order;
        boolean device = type == MemoryType.DEVICE;
        this.checks = new Checks(region.offset, region.length, region.delta, device);
        this.access = new Access(region, checks, order, device);
        this.anyWidth = new AnyWidth(access);
        this.bulk = new Bulk(access, checks, order, device);
        this.registers = new Registers(anyWidth);
    }

    /**
     * Maps {@code [offset, offset + length)} of a device or file with the
     * {@link MapOptions#defaults() default options}.
     *
     * @param path the device or file, e.g. {@code /dev/map}
     * @param offset the offset in the file; the physical address for
     *        {@code /dev/map} and {@code /dev/mem}; need not be page aligned
     * @param length the length in bytes, 1 to {@link Integer#MAX_VALUE}
     * @return the mapping
     * @throws DevmapException if open or mmap fail (errno in the exception),
     *         or, with ENXIO, if the range runs past the end of a regular file
     *         (an access there would raise SIGBUS)
     * @throws IOException if the file cannot be inspected
     * @throws IllegalArgumentException if offset or length are out of range
     */
    public static Mapping open(Path path, long offset, long length) throws IOException {
        return open(path, offset, length, MapOptions.defaults());
    }

    /**
     * Maps {@code [offset, offset + length)} of a device or file.
     *
     * @param path the device or file, e.g. {@code /dev/map}
     * @param offset the offset in the file; the physical address for
     *        {@code /dev/map} and {@code /dev/mem}; need not be page aligned
     * @param length the length in bytes, 1 to {@link Integer#MAX_VALUE}
     * @param options byte order, memory type, read-only
     * @return the mapping
     * @throws DevmapException if open or mmap fail (errno in the exception),
     *         or, with ENXIO, if the range runs past the end of a regular file
     * @throws IOException if the file cannot be inspected
     * @throws IllegalArgumentException if offset or length are out of range
     */
    public static Mapping open(Path path, long offset, long length, MapOptions options)
            throws IOException {
        MemoryType type = MemoryTypes.of(path, offset, length, options);
        return new Mapping(Region.map(path, offset, length, options.readOnly()), type, options.order());
    }

    /**
     * Returns the system page size, the granularity of mappings.
     *
     * @return the page size in bytes
     */
    public static long pageSize() {
        return Region.PAGE_SIZE;
    }

    // ---------------------------------------------------------------- state

    /** @return the path given to {@link #open} */
    public Path path() {
        return region.path;
    }

    /** @return the offset given to {@link #open} (the physical address for /dev/map) */
    public long offset() {
        return region.offset;
    }

    /** @return the length given to {@link #open}; valid offsets are 0 to length - 1 */
    public long length() {
        return region.length;
    }

    /** @return the byte order of multi-byte accesses */
    public ByteOrder order() {
        return order;
    }

    /** @return the memory type that decides how bulk copies access memory */
    public MemoryType memoryType() {
        return memoryType;
    }

    /** @return true for {@link MemoryType#DEVICE} memory */
    public boolean isDeviceMemory() {
        return memoryType == MemoryType.DEVICE;
    }

    /** @return true if mapped read-only */
    public boolean isReadOnly() {
        return region.readOnly;
    }

    /** @return false once {@link #close()} was called */
    public boolean isOpen() {
        return !region.isClosed();
    }

    @Override
    public String toString() {
        return String.format("Mapping[%s offset=0x%x length=0x%x %s %s%s%s]", region.path, region.offset,
                region.length, memoryType, order, region.readOnly ? " read-only" : "",
                region.isClosed() ? " closed" : "");
    }

    /**
     * Releases the mapping. Idempotent and thread-safe; see the class comment
     * for what happens to accesses running concurrently.
     */
    @Override
    public void close() {
        access.close();
        region.close();
    }

    /**
     * Writes changes back to a regular file ({@code msync(MS_SYNC)}); does
     * nothing for devices, whose stores reach the hardware directly.
     *
     * @throws DevmapException if msync fails
     * @throws IllegalStateException if closed
     */
    public void force() throws DevmapException {
        region.force();
    }

    // ---------------------------------------------------------------- DMA sync

    /**
     * Hands a range back to the CPU after the device wrote into it: on a
     * cached buffer of a device that does not snoop, the CPU's stale cache
     * lines for the range are dropped, so call it after the device is done
     * and before reading what it wrote. Same as
     * {@code syncForCpu(off, length, DmaDirection.FROM_DEVICE)}.
     *
     * @param off the offset in the mapping
     * @param length the length in bytes, greater than 0
     * @throws DevmapException with the driver's errno if the ioctl fails
     *         (ENXIO, ERANGE, EOPNOTSUPP for a cached window that is not a
     *         buffer; see {@link #syncForCpu(long, long, DmaDirection)}), or
     *         ENOTTY on a regular file or a device that is not {@code /dev/map}
     * @throws IndexOutOfBoundsException if the range leaves the mapping
     * @throws IllegalArgumentException if length is not positive
     * @throws IllegalStateException if closed
     */
    public void syncForCpu(long off, long length) throws DevmapException {
        syncForCpu(off, length, DmaDirection.FROM_DEVICE);
    }

    /**
     * Hands a range back to the CPU ({@code dma_sync_single_for_cpu()} in the
     * driver, through the {@code DEVMAP_IOC_SYNC} ioctl on the range's
     * physical address). A no-op on coherent systems (x86) and uncached
     * windows; the call is still allowed, so portable code makes it.
     *
     * @param off the offset in the mapping
     * @param length the length in bytes, greater than 0
     * @param direction which way the data moved: {@link DmaDirection#FROM_DEVICE}
     *        after the device wrote, {@link DmaDirection#BIDIRECTIONAL} if
     *        both sides wrote
     * @throws DevmapException with the driver's errno if the ioctl fails:
     *         ENXIO (not in a window), ERANGE (past the window's end),
     *         EOPNOTSUPP (a cached window that is not a buffer), ENOTTY (a
     *         regular file, not {@code /dev/map}, or a driver before 0.3);
     *         EBADF, before any call, for a sync that invalidates the CPU's
     *         caches (all but for-device {@code TO_DEVICE} or
     *         {@code BIDIRECTIONAL}) on a read-only mapping, which the
     *         driver refuses: it could discard what another user wrote
     * @throws IndexOutOfBoundsException if the range leaves the mapping
     * @throws IllegalArgumentException if length is not positive
     * @throws IllegalStateException if closed
     */
    public void syncForCpu(long off, long length, DmaDirection direction) throws DevmapException {
        sync(false, off, length, direction);
    }

    /**
     * Hands a range to the device after the CPU wrote into it: on a cached
     * buffer of a device that does not snoop, the CPU's dirty cache lines
     * for the range are written back, so call it after writing and before
     * starting the device. Same as
     * {@code syncForDevice(off, length, DmaDirection.TO_DEVICE)}.
     *
     * @param off the offset in the mapping
     * @param length the length in bytes, greater than 0
     * @throws DevmapException with the driver's errno if the ioctl fails (see
     *         {@link #syncForCpu(long, long, DmaDirection)})
     * @throws IndexOutOfBoundsException if the range leaves the mapping
     * @throws IllegalArgumentException if length is not positive
     * @throws IllegalStateException if closed
     */
    public void syncForDevice(long off, long length) throws DevmapException {
        syncForDevice(off, length, DmaDirection.TO_DEVICE);
    }

    /**
     * Hands a range to the device ({@code dma_sync_single_for_device()} in
     * the driver). A no-op on coherent systems (x86) and uncached windows.
     *
     * @param off the offset in the mapping
     * @param length the length in bytes, greater than 0
     * @param direction which way the data will move: {@link DmaDirection#TO_DEVICE}
     *        before the device reads, {@link DmaDirection#FROM_DEVICE} before
     *        it writes, {@link DmaDirection#BIDIRECTIONAL} for both
     * @throws DevmapException with the driver's errno if the ioctl fails (see
     *         {@link #syncForCpu(long, long, DmaDirection)})
     * @throws IndexOutOfBoundsException if the range leaves the mapping
     * @throws IllegalArgumentException if length is not positive
     * @throws IllegalStateException if closed
     */
    public void syncForDevice(long off, long length, DmaDirection direction) throws DevmapException {
        sync(true, off, length, direction);
    }

    private void sync(boolean forDevice, long off, long length, DmaDirection direction)
            throws DevmapException {
        Objects.requireNonNull(direction, "direction");
        checks.syncRange(off, length);
        region.sync(forDevice, direction, off, length);
    }

    /**
     * Returns a view of the whole mapping: a new buffer with position 0,
     * limit and capacity {@link #length()}, in this mapping's byte order (and
     * read-only if the mapping is). Its accesses are not checked for
     * alignment, and bulk operations on it use the JVM's copy routines: do
     * not use them on device memory. After {@link #close()} the view stays
     * safe to use but no longer reaches the device: reads return zeros,
     * writes are discarded.
     *
     * @return the view
     * @throws IllegalStateException if closed
     */
    public ByteBuffer asByteBuffer() {
        return region.live().duplicate().order(order);
    }

    /**
     * Reads a byte.
     *
     * @param off offset in the mapping
     * @return the value
     * @throws IllegalStateException if closed
     * @throws IndexOutOfBoundsException if {@code off} is outside the mapping
     */
    public byte getByte(long off) {
        return access.getByte(off);
    }

    /**
     * Writes a byte.
     *
     * @param off offset in the mapping
     * @param value the value
     * @throws IllegalStateException if closed
     * @throws IndexOutOfBoundsException if {@code off} is outside the mapping
     */
    public void putByte(long off, byte value) {
        access.putByte(off, value);
    }

    /**
     * Reads a byte with volatile semantics.
     *
     * @param off offset in the mapping
     * @return the value
     */
    public byte getByteVolatile(long off) {
        return access.getByteVolatile(off);
    }

    /**
     * Writes a byte with volatile semantics.
     *
     * @param off offset in the mapping
     * @param value the value
     */
    public void putByteVolatile(long off, byte value) {
        access.putByteVolatile(off, value);
    }

    /**
     * Reads a byte with acquire semantics: later accesses are not moved before it.
     *
     * @param off offset in the mapping
     * @return the value
     */
    public byte getByteAcquire(long off) {
        return access.getByteAcquire(off);
    }

    /**
     * Writes a byte with release semantics: earlier accesses are not moved after it.
     *
     * @param off offset in the mapping
     * @param value the value
     */
    public void putByteRelease(long off, byte value) {
        access.putByteRelease(off, value);
    }

    /**
     * Reads a 16-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public short getShort(long off) {
        return access.getShort(off);
    }

    /**
     * Writes a 16-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putShort(long off, short value) {
        access.putShort(off, value);
    }

    /**
     * Reads a 16-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @return the value
     */
    public short getShortVolatile(long off) {
        return access.getShortVolatile(off);
    }

    /**
     * Writes a 16-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @param value the value
     */
    public void putShortVolatile(long off, short value) {
        access.putShortVolatile(off, value);
    }

    /**
     * Reads a 16-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @return the value
     */
    public short getShortAcquire(long off) {
        return access.getShortAcquire(off);
    }

    /**
     * Writes a 16-bit value with release semantics.
     *
     * @param off offset in the mapping, 2-byte aligned
     * @param value the value
     */
    public void putShortRelease(long off, short value) {
        access.putShortRelease(off, value);
    }

    /**
     * Reads a 32-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public int getInt(long off) {
        return access.getInt(off);
    }

    /**
     * Writes a 32-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putInt(long off, int value) {
        access.putInt(off, value);
    }

    /**
     * Reads a 32-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @return the value
     */
    public int getIntVolatile(long off) {
        return access.getIntVolatile(off);
    }

    /**
     * Writes a 32-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @param value the value
     */
    public void putIntVolatile(long off, int value) {
        access.putIntVolatile(off, value);
    }

    /**
     * Reads a 32-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @return the value
     */
    public int getIntAcquire(long off) {
        return access.getIntAcquire(off);
    }

    /**
     * Writes a 32-bit value with release semantics.
     *
     * @param off offset in the mapping, 4-byte aligned
     * @param value the value
     */
    public void putIntRelease(long off, int value) {
        access.putIntRelease(off, value);
    }

    /**
     * Reads a 64-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @return the value
     */
    public long getLong(long off) {
        return access.getLong(off);
    }

    /**
     * Writes a 64-bit value.
     *
     * @param off offset in the mapping; aligned on device memory
     * @param value the value
     */
    public void putLong(long off, long value) {
        access.putLong(off, value);
    }

    /**
     * Reads a 64-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @return the value
     */
    public long getLongVolatile(long off) {
        return access.getLongVolatile(off);
    }

    /**
     * Writes a 64-bit value with volatile semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @param value the value
     */
    public void putLongVolatile(long off, long value) {
        access.putLongVolatile(off, value);
    }

    /**
     * Reads a 64-bit value with acquire semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @return the value
     */
    public long getLongAcquire(long off) {
        return access.getLongAcquire(off);
    }

    /**
     * Writes a 64-bit value with release semantics.
     *
     * @param off offset in the mapping, 8-byte aligned
     * @param value the value
     */
    public void putLongRelease(long off, long value) {
        access.putLongRelease(off, value);
    }

    // ---------------------------------------------------------------- any width

    /**
     * Reads a value of a given width (plain access), zero-extended.
     *
     * @param off offset in the mapping
     * @param width the access width
     * @return the value, e.g. 0 to 0xff for {@link Width#BYTE}
     */
    public long get(long off, Width width) {
        return anyWidth.get(off, Objects.requireNonNull(width, "width"));
    }

    /**
     * Reads a value of a given width with volatile semantics, zero-extended.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the access width
     * @return the value
     */
    public long getVolatile(long off, Width width) {
        return anyWidth.getVolatile(off, Objects.requireNonNull(width, "width"));
    }

    /**
     * Reads a value of a given width with acquire semantics, zero-extended.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the access width
     * @return the value
     */
    public long getAcquire(long off, Width width) {
        return anyWidth.getAcquire(off, Objects.requireNonNull(width, "width"));
    }

    /**
     * Writes a value of a given width (plain access).
     *
     * @param off offset in the mapping
     * @param width the access width
     * @param value a value that fits the width ({@link Width#fits})
     * @throws IllegalArgumentException if it does not; nothing is masked
     */
    public void put(long off, Width width, long value) {
        anyWidth.put(off, Objects.requireNonNull(width, "width"), value);
    }

    /**
     * Writes a value of a given width with volatile semantics.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the access width
     * @param value a value that fits the width ({@link Width#fits})
     * @throws IllegalArgumentException if it does not; nothing is masked
     */
    public void putVolatile(long off, Width width, long value) {
        anyWidth.putVolatile(off, Objects.requireNonNull(width, "width"), value);
    }

    /**
     * Writes a value of a given width with release semantics.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the access width
     * @param value a value that fits the width ({@link Width#fits})
     * @throws IllegalArgumentException if it does not; nothing is masked
     */
    public void putRelease(long off, Width width, long value) {
        anyWidth.putRelease(off, Objects.requireNonNull(width, "width"), value);
    }

    // ---------------------------------------------------------------- registers

    /**
     * Read-modify-write of a register: reads it (acquire), clears the bits
     * of {@code clear}, sets those of {@code set} and writes the result
     * (release). Not atomic: a write by another agent between the read and
     * the write is lost.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the register's width
     * @param clear the bits to clear, inside the width
     * @param set the bits to set, inside the width (set wins over clear)
     * @return the value read and the value written
     * @throws IllegalArgumentException if a mask has bits outside the width
     */
    public Change modify(long off, Width width, long clear, long set) {
        return registers.modify(off, width, clear, set);
    }

    /**
     * Reads the bit field {@code hi..lo} of a register (acquire), shifted down.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the register's width
     * @param hi the field's highest bit, below the width
     * @param lo the field's lowest bit, 0 to {@code hi}
     * @return the field's value, e.g. 0xa for bits 7..4 of 0xa3
     * @throws IllegalArgumentException if the field is not inside the width
     */
    public long getField(long off, Width width, int hi, int lo) {
        return registers.getField(off, width, hi, lo);
    }

    /**
     * Writes the bit field {@code hi..lo} of a register and keeps the other
     * bits: a {@link #modify} that clears the field and sets the value.
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the register's width
     * @param hi the field's highest bit, below the width
     * @param lo the field's lowest bit, 0 to {@code hi}
     * @param value the field's value, not shifted; it must fit the field
     * @return the register's value read and written
     * @throws IllegalArgumentException if the field is not inside the width
     *         or the value does not fit it
     */
    public Change setField(long off, Width width, int hi, int lo, long value) {
        return registers.setField(off, width, hi, lo, value);
    }

    /**
     * Waits until {@code (register & mask) == value}, reading it (acquire)
     * at most until {@code timeout} has passed: first spinning, then
     * yielding, then sleeping from 1 µs up to 1 ms between reads. One read
     * is made after the deadline, so a slow thread never misses a match.
     *
     * <pre>{@code
     * if (regs.awaitBits(0x14, Width.INT, 0x1, 0x1, Duration.ofMillis(100)).isEmpty())
     *     throw new IOException("no done within 100 ms");
     * }</pre>
     *
     * @param off offset in the mapping, aligned to the width
     * @param width the register's width
     * @param mask the bits to look at, inside the width
     * @param value what they must be, inside the mask
     * @param timeout how long to wait; {@link Duration#ZERO} reads once
     * @return the register's value that matched, or empty on timeout
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException a mask outside the width, a value
     *         outside the mask (it could never match), a negative timeout
     */
    public OptionalLong awaitBits(long off, Width width, long mask, long value, Duration timeout)
            throws InterruptedException {
        return registers.awaitBits(off, width, mask, value, timeout);
    }

    // ---------------------------------------------------------------- bulk

    /**
     * Copies bytes from the mapping into an array.
     *
     * @param off offset in the mapping
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of bytes
     */
    public void read(long off, byte[] dst, int dstIndex, int count) {
        bulk.read(off, dst, dstIndex, count);
    }

    /**
     * Copies bytes from an array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of bytes
     */
    public void write(long off, byte[] src, int srcIndex, int count) {
        bulk.write(off, src, srcIndex, count);
    }

    /**
     * Copies 16-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 2-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, short[] dst, int dstIndex, int count) {
        bulk.read(off, dst, dstIndex, count);
    }

    /**
     * Copies 16-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 2-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, short[] src, int srcIndex, int count) {
        bulk.write(off, src, srcIndex, count);
    }

    /**
     * Copies 32-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 4-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, int[] dst, int dstIndex, int count) {
        bulk.read(off, dst, dstIndex, count);
    }

    /**
     * Copies 32-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 4-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, int[] src, int srcIndex, int count) {
        bulk.write(off, src, srcIndex, count);
    }

    /**
     * Copies 64-bit values from the mapping into an array.
     *
     * @param off offset in the mapping; 8-byte aligned on device memory
     * @param dst the destination
     * @param dstIndex first index in {@code dst}
     * @param count number of elements
     */
    public void read(long off, long[] dst, int dstIndex, int count) {
        bulk.read(off, dst, dstIndex, count);
    }

    /**
     * Copies 64-bit values from an array into the mapping.
     *
     * @param off offset in the mapping; 8-byte aligned on device memory
     * @param src the source
     * @param srcIndex first index in {@code src}
     * @param count number of elements
     */
    public void write(long off, long[] src, int srcIndex, int count) {
        bulk.write(off, src, srcIndex, count);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, byte[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, byte[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, short[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, short[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, int[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, int[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Copies the whole array from the mapping.
     *
     * @param off offset in the mapping
     * @param dst the destination
     */
    public void read(long off, long[] dst) {
        read(off, dst, 0, dst.length);
    }

    /**
     * Copies the whole array into the mapping.
     *
     * @param off offset in the mapping
     * @param src the source
     */
    public void write(long off, long[] src) {
        write(off, src, 0, src.length);
    }

    /**
     * Fills a range with a value repeated at a given width.
     *
     * @param off offset in the mapping; aligned to the width on device memory
     * @param byteCount number of bytes, a multiple of the width in bytes
     * @param width the access width
     * @param value a value that fits the width ({@link Width#fits})
     * @throws IllegalArgumentException for a bad value, length or alignment
     */
    public void fill(long off, long byteCount, Width width, long value) {
        bulk.fill(off, byteCount, Objects.requireNonNull(width, "width"), value);
    }
}
