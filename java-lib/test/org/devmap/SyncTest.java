// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * syncForCpu/syncForDevice off the board: argument checks, the refusal on a
 * regular file, and the real ioctl on a device that is not /dev/map. The
 * driver's side is in {@link DevMapDeviceTest}.
 */
public class SyncTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void rangesAreCheckedAgainstTheMapping() throws IOException {
        Path p = TestFiles.zeros(tmp, 8192);
        try (Mapping m = Mapping.open(p, 0x1000, 0x1000)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> m.syncForDevice(0x800, 0x1000));
            assertEquals("sync of 0x1000 bytes at offset 0x800 out of bounds of mapping size 0x1000",
                    e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> m.syncForCpu(-1, 1));
            assertTrue(e.getMessage(), e.getMessage().contains("offset -0x1"));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> m.syncForCpu(0x1000, 1, DmaDirection.BIDIRECTIONAL));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> m.syncForCpu(1, Long.MAX_VALUE));
            IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
                    () -> m.syncForDevice(0, 0));
            assertEquals("sync length must be > 0, not 0", z.getMessage());
            assertThrows(NullPointerException.class, () -> m.syncForDevice(0, 1, null));
        }
    }

    @Test
    public void aRegularFileHasNoBuffer() throws IOException {
        Path p = TestFiles.zeros(tmp, 8192);
        try (Mapping m = Mapping.open(p, 0x1000, 0x1000)) {
            DevmapException e = assertThrows(DevmapException.class, () -> m.syncForDevice(0x10, 0x20));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("sync for device", e.operation());
            assertEquals(0x1010, e.offset());
            assertEquals(0x20, e.length());
            assertTrue(e.getMessage(), e.getMessage().contains("regular file"));
            assertTrue(e.getMessage(), e.getMessage().contains(p.toString()));
            e = assertThrows(DevmapException.class, () -> m.syncForCpu(0, 0x1000));
            assertEquals("sync for cpu", e.operation());
        }
    }

    @Test
    public void closedMappingsRefuse() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        Mapping m = Mapping.open(p, 0, 4096);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.syncForCpu(0, 4096));
    }

    /** The ioctl really runs: /dev/zero can be mapped but knows no devmap request. */
    @Test
    public void anotherDeviceAnswersEnotty() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue("needs readable and writable /dev/zero", Files.isReadable(zero) && Files.isWritable(zero));
        try (Mapping m = Mapping.open(zero, 0, 4096)) {
            DevmapException e = assertThrows(DevmapException.class, () -> m.syncForDevice(0, 4096));
            assertEquals(e.getMessage(), Errno.ENOTTY, e.errno());
            assertTrue(e.getMessage(), e.getMessage().contains("ENOTTY"));
            assertTrue(e.getMessage(), e.getMessage().contains("not a devmap device"));
        }
    }

    @Test
    public void directionsHaveTheDriversValuesAndWords() {
        assertEquals(0, DmaDirection.BIDIRECTIONAL.code());
        assertEquals(1, DmaDirection.TO_DEVICE.code());
        assertEquals(2, DmaDirection.FROM_DEVICE.code());
        for (DmaDirection d : DmaDirection.values()) {
            assertSame(d, DmaDirection.fromWord(d.word()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DmaDirection.fromWord("sideways"));
        assertTrue(e.getMessage(), e.getMessage().contains("'sideways'"));
    }

    @Test
    public void theRequestNumberIsTheDrivers() {
        // _IOW(0xdb, 1, struct devmap_sync) on x86_64 and arm64; IoctlAbiTest
        // checks it against the header itself.
        assertEquals(0x4020db01L, org.devmap.internal.DevmapIoctl.IOC_SYNC);
    }
}
