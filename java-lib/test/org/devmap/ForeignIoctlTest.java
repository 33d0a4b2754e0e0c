// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import org.devmap.internal.Fcntl;
import org.devmap.internal.ForeignIoctl;
import org.devmap.internal.LibC;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The java.lang.foreign binding of the DMA sync's ioctl: chosen exactly
 * where the JVM allows it, and its result and errno right on both
 * paths. On JDK 17 only the choice is checked ({@link SyncTest} runs the
 * JNA binding); the test JVM of a newer JDK takes the foreign one.
 */
public class ForeignIoctlTest {
    /** asm-generic's FIONREAD, x86's and arm64's: bytes left to read. */
    private static final long FIONREAD = 0x541B;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void usedWhereTheJvmAllowsIt() throws ReflectiveOperationException {
        boolean allowed = Runtime.version().feature() >= 22 && Native.LONG_SIZE == 8
                && !"jna".equals(System.getProperty(ForeignIoctl.PROPERTY))
                && (Boolean) Module.class.getMethod("isNativeAccessEnabled")
                        .invoke(ForeignIoctl.class.getModule());
        assertEquals(ForeignIoctl.describe(), allowed, ForeignIoctl.enabled());
        if (allowed) {
            assertEquals("java.lang.foreign", ForeignIoctl.describe());
        } else {
            assertTrue(ForeignIoctl.describe(), ForeignIoctl.describe().startsWith("JNA ("));
        }
    }

    @Test
    public void resultAndErrno() throws IOException {
        assumeTrue("the foreign binding is not used here: " + ForeignIoctl.describe(),
                ForeignIoctl.enabled());
        String arch = System.getProperty("os.arch");
        assumeTrue("FIONREAD is 0x541B on x86_64 and aarch64, not on " + arch,
                arch.equals("amd64") || arch.equals("aarch64"));
        Object state = ForeignIoctl.newState();
        Path p = TestFiles.zeros(tmp, 5000);
        int fd = LibC.INSTANCE.open(p.toString(), Fcntl.O_RDONLY);
        assertTrue("open " + p, fd >= 0);
        try (Memory n = new Memory(8)) {
            n.setLong(0, -1);
            assertEquals(0, ForeignIoctl.ioctl(state, fd, FIONREAD, Pointer.nativeValue(n)));
            assertEquals(5000, n.getInt(0));
            // A request the file does not know, then a closed descriptor.
            assertEquals(-1, ForeignIoctl.ioctl(state, fd, 0x7fff_0000L, Pointer.nativeValue(n)));
            assertEquals(Errno.ENOTTY, ForeignIoctl.errno(state));
        } finally {
            LibC.INSTANCE.close(fd);
        }
        assertEquals(-1, ForeignIoctl.ioctl(state, fd, FIONREAD, 0));
        assertEquals(Errno.EBADF, ForeignIoctl.errno(state));
    }
}
