// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;

/**
 * Tests against the real driver; they need {@code /dev/map} and the
 * kernel-allocated {@code buffer} window, so they are skipped on a host and
 * meant for the QEMU guest or a board:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp devmap.jar:devmap-tests.jar:jna.jar:junit.jar:hamcrest.jar \
 *     org.junit.runner.JUnitCore org.devmap.DevMapDeviceTest
 * </pre>
 *
 * They overwrite the buffer window.
 */
public class DevMapDeviceTest {
    private static final Path DEV = Path.of("/dev/map");
    private static final Path BUFFER = Windows.DEFAULT_ROOT.resolve("buffer");

    private Window buffer;
    private List<Window> windows;

    @Before
    public void needsTheDriver() throws IOException {
        assumeTrue("needs " + DEV + " (the devmap driver); skipped on hosts", Files.exists(DEV));
        assumeTrue("needs the kernel-allocated window " + BUFFER, Files.isDirectory(BUFFER));
        assumeTrue("needs read/write access to " + DEV, Files.isReadable(DEV) && Files.isWritable(DEV));
        windows = Windows.list();
        buffer = Windows.read(BUFFER);
    }

    @Test
    public void bufferWindowIsDescribed() {
        assertEquals("buffer", buffer.name());
        assertEquals("buffer", buffer.source());
        assertTrue("size > 0", buffer.size() > 0);
        assertEquals("phys page aligned", 0, buffer.phys() % Mapping.pageSize());
        assertEquals("size page aligned", 0, buffer.size() % Mapping.pageSize());
        assertTrue(windows.contains(buffer));
        assertEquals(Optional.of(buffer), Windows.containing(windows, buffer.phys()));
    }

    @Test
    public void mapsTheWholeBufferAndKeepsPatterns() throws IOException {
        int size = (int) Math.min(buffer.size(), 1 << 24);
        try (Mapping m = Mapping.open(DEV, buffer.phys(), size)) {
            assertEquals(buffer.mode().isDeviceMemory(), m.isDeviceMemory());
            for (long off = 0; off < size; off += 4) {
                m.putInt(off, (int) (buffer.phys() + off));
            }
            for (long off = 0; off < size; off += 4) {
                assertEquals("at 0x" + Long.toHexString(buffer.phys() + off),
                        (int) (buffer.phys() + off), m.getInt(off));
            }
            m.putLongVolatile(8, 0x0123456789abcdefL);
            assertEquals(0x0123456789abcdefL, m.getLongVolatile(8));
            m.putShortRelease(18, (short) 0xbeef);
            assertEquals((short) 0xbeef, m.getShortAcquire(18));
            m.putByteVolatile(21, (byte) 0x5a);
            assertEquals(0x5a, m.getByteVolatile(21));

            // Odd offset and length, within the first half of the window.
            byte[] bytes = new byte[Math.min(4099, size / 2 - 1)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 13);
            }
            m.write(1, bytes);
            byte[] back = new byte[bytes.length];
            m.read(1, back);
            assertArrayEquals(bytes, back);
            long[] longs = {-1L, 0, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL};
            long half = (size / 2) & ~7L;
            m.write(half, longs);
            long[] lback = new long[4];
            m.read(half, lback);
            assertArrayEquals(longs, lback);
            m.fill(0, 4096, Width.INT, 0xdeadbeefL);
            assertEquals(0xdeadbeef, m.getInt(4092));
        }
    }

    @Test
    public void unalignedOffsetInsideTheWindow() throws IOException {
        try (Mapping whole = Mapping.open(DEV, buffer.phys(), 4096);
             Mapping part = Mapping.open(DEV, buffer.phys() + 0x10, 8)) {
            part.putIntVolatile(4, 0x600dcafe);
            assertEquals(0x600dcafe, whole.getIntVolatile(0x14));
        }
    }

    @Test
    public void fileReadSeesMappedWrites() throws IOException {
        try (Mapping m = Mapping.open(DEV, buffer.phys(), 4096);
             FileChannel ch = FileChannel.open(DEV, StandardOpenOption.READ)) {
            m.putIntVolatile(0x40, 0x12345678);
            ByteBuffer b = ByteBuffer.allocate(4).order(m.order());
            assertEquals(4, ch.read(b, buffer.phys() + 0x40));
            assertEquals(0x12345678, b.getInt(0));
        }
    }

    @Test
    public void outsideEveryWindowIsEnxio() throws IOException {
        long page = Mapping.pageSize();
        long address = -1;
        for (long candidate : new long[] {0, page, 0x1000_0000L, 0x4000_0000L,
                buffer.phys() + buffer.size() + 64 * page}) {
            long c = candidate;
            if (windows.stream().noneMatch(w -> w.contains(c) || w.contains(c + page - 1))) {
                address = c;
                break;
            }
        }
        assumeTrue("found an address outside every window", address >= 0);
        long a = address;
        DevmapException e = assertThrows(DevmapException.class, () -> Mapping.open(DEV, a, page));
        assertEquals(e.getMessage(), Errno.ENXIO, e.errno());
        assertTrue(e.getMessage(), e.getMessage().contains("ENXIO"));
        assertTrue(e.getMessage(), e.getMessage().contains("0x" + Long.toHexString(a)));
    }

    @Test
    public void straddlingTheEndIsErange() {
        long page = Mapping.pageSize();
        long start = buffer.phys() + buffer.size() - page;
        DevmapException e = assertThrows(DevmapException.class,
                () -> Mapping.open(DEV, start, 2 * page));
        assertEquals(e.getMessage(), Errno.ERANGE, e.errno());
        assertFalse(e.getMessage(), e.getMessage().isEmpty());
    }

    @Test
    public void bufferWindowHasDmaFacts() {
        assertTrue("the buffer window has dma, dma_device, coherent", buffer.isBuffer());
        assertFalse("dma_device names a device", buffer.dma().orElseThrow().device().isEmpty());
        if (System.getProperty("os.arch").equals("amd64")) {
            // x86 devices snoop the CPU caches: sync is a no-op there.
            assertTrue("coherent on x86", buffer.dma().orElseThrow().coherent());
        }
    }

    @Test
    public void syncCallsKeepTheDataAndCheckTheirRange() throws IOException {
        int size = (int) Math.min(buffer.size(), 1 << 20);
        try (Mapping m = Mapping.open(DEV, buffer.phys(), size)) {
            for (long off = 0; off < size; off += 8) {
                m.putLong(off, ~(buffer.phys() + off));
            }
            // The producer/consumer order of driver/README.md, every direction.
            m.syncForDevice(0, size);
            m.syncForCpu(0, size);
            for (DmaDirection d : DmaDirection.values()) {
                m.syncForDevice(0, size, d);
                m.syncForCpu(0, size, d);
            }
            // Any byte range, not only cache lines.
            m.syncForDevice(1, 3);
            m.syncForCpu(size - 5, 5, DmaDirection.BIDIRECTIONAL);
            for (long off = 0; off < size; off += 8) {
                assertEquals("at 0x" + Long.toHexString(buffer.phys() + off),
                        ~(buffer.phys() + off), m.getLong(off));
            }
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> m.syncForDevice(size - 4096, 8192));
            assertTrue(e.getMessage(), e.getMessage().contains("out of bounds of mapping size"));
            assertThrows(IllegalArgumentException.class, () -> m.syncForCpu(0, 0));
        }
    }

    @Test
    public void syncOnAWindowThatIsNotABufferIsANoOpWhenUncached() throws IOException {
        Optional<Window> plain = windows.stream()
                .filter(w -> !w.isBuffer() && w.mode().isDeviceMemory()).findFirst();
        assumeTrue("needs an uncached window that is not a buffer", plain.isPresent());
        try (Mapping m = Mapping.open(DEV, plain.get().phys(), 4096)) {
            m.syncForDevice(0, 4096);
            m.syncForCpu(0, 4096);
        }
    }

    @Test
    public void syncAfterCloseRefuses() throws IOException {
        Mapping m = Mapping.open(DEV, buffer.phys(), 4096);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.syncForDevice(0, 4096));
    }

    /** The register helpers on the driver's memory (the buffer window). */
    @Test
    public void registerHelpersOnTheBuffer() throws Exception {
        try (Mapping m = Mapping.open(DEV, buffer.phys(), 4096)) {
            m.putIntVolatile(0x40, 0xf0f0f0f0);
            assertEquals(new Mapping.Change(0xf0f0f0f0L, 0xf0f0f0e1L), m.modify(0x40, Width.INT, 0x10, 0x1));
            assertEquals(0xe, m.getField(0x40, Width.INT, 7, 4));
            assertEquals(new Mapping.Change(0xf0f0f0e1L, 0xf0f0f0a1L), m.setField(0x40, Width.INT, 7, 4, 0xa));
            assertEquals(java.util.OptionalLong.of(0xf0f0f0a1L),
                    m.awaitBits(0x40, Width.INT, 0xff, 0xa1, java.time.Duration.ofSeconds(10)));
            assertEquals(java.util.OptionalLong.empty(),
                    m.awaitBits(0x40, Width.INT, 0xff, 0xa2, java.time.Duration.ofMillis(20)));
            m.putIntVolatile(0x44, 0); // earlier tests left their patterns
            Thread t = new Thread(() -> m.putIntRelease(0x44, 1));
            t.start();
            assertEquals(java.util.OptionalLong.of(1),
                    m.awaitBits(0x44, Width.INT, 1, 1, java.time.Duration.ofSeconds(60)));
            t.join();
        }
    }

    /**
     * The driver lets a read-only descriptor write caches back (for the
     * device, to-device) but not invalidate them: the library refuses the
     * latter before the call, with the driver's errno and the reason.
     */
    @Test
    public void readOnlyMappingsMayOnlyWriteBack() throws IOException {
        try (Mapping m = Mapping.open(DEV, buffer.phys(), 4096, MapOptions.defaults().withReadOnly(true))) {
            m.syncForDevice(0, 4096);
            m.syncForDevice(0, 4096, DmaDirection.BIDIRECTIONAL);
            DevmapException e = assertThrows(DevmapException.class, () -> m.syncForCpu(0, 4096));
            assertEquals(e.getMessage(), Errno.EBADF, e.errno());
            assertTrue(e.getMessage(), e.getMessage().contains("read-only"));
            assertEquals(Errno.EBADF, assertThrows(DevmapException.class,
                    () -> m.syncForDevice(0, 4096, DmaDirection.FROM_DEVICE)).errno());
        }
    }
}
