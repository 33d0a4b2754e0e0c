// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** errno reaches the caller with its name, the path and the range. */
public class DevmapExceptionTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void missingFileIsEnoent() throws IOException {
        Path missing = tmp.getRoot().toPath().resolve("no-such-device");
        DevmapException e = assertThrows(DevmapException.class,
                () -> Mapping.open(missing, 0x1000, 0x2000));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open", e.operation());
        assertEquals(missing.toString(), e.path());
        assertEquals(0x1000, e.offset());
        assertEquals(0x2000, e.length());
        assertEquals("open " + missing + " offset=0x1000 length=0x2000: ENOENT (No such file or directory)",
                e.getMessage());
    }

    @Test
    public void directoryIsEisdir() {
        Path dir = tmp.getRoot().toPath();
        DevmapException e = assertThrows(DevmapException.class, () -> Mapping.open(dir, 0, 16));
        assertEquals(e.getMessage(), Errno.EISDIR, e.errno());
        assertTrue(e.getMessage(), e.getMessage().contains("EISDIR (Is a directory)"));
    }

    @Test
    public void beyondTheEndOfAFileIsRefused() throws IOException {
        Path p = TestFiles.zeros(tmp, 4096);
        DevmapException e = assertThrows(DevmapException.class, () -> Mapping.open(p, 4000, 97));
        assertEquals(Errno.ENXIO, e.errno());
        assertEquals("mmap", e.operation());
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "mmap " + p + " offset=0xfa0 length=0x61: ENXIO (No such device or address)"));
        Mapping.open(p, 4000, 96).close();
    }

    @Test
    public void mmapErrnoComesFromTheKernel() throws IOException {
        // /dev/null cannot be mmapped: the kernel says ENODEV.
        Path devNull = Path.of("/dev/null");
        DevmapException e = assertThrows(DevmapException.class, () -> Mapping.open(devNull, 0, 4096));
        assertEquals(e.getMessage(), "mmap", e.operation());
        assertEquals(e.getMessage(), Errno.ENODEV, e.errno());
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "mmap /dev/null offset=0x0 length=0x1000: ENODEV (No such device)"));
    }

    @Test
    public void errnoNames() {
        assertEquals("ENXIO", Errno.name(6));
        assertEquals("ERANGE", Errno.name(34));
        assertEquals("EOVERFLOW", Errno.name(75));
        assertEquals("EACCES", Errno.name(13));
        assertEquals("EINVAL", Errno.name(22));
        assertEquals("errno 999", Errno.name(999));
        assertEquals("Numerical result out of range", Errno.describe(Errno.ERANGE));
        assertEquals("Unknown error 999", Errno.describe(999));
        DevmapException e = new DevmapException("mmap", Errno.ENXIO, "/dev/map", 0xc0000000L,
                0x300000, null);
        assertEquals("mmap /dev/map offset=0xc0000000 length=0x300000: ENXIO (No such device or address)",
                e.getMessage());
    }
}
