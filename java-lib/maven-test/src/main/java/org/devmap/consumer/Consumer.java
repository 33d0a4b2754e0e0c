// SPDX-License-Identifier: Apache-2.0
package org.devmap.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.devmap.DevmapException;
import org.devmap.Errno;
import org.devmap.Mapping;
import org.devmap.Width;

/** Maps a temporary file through the artifact and checks a store and a load. */
public final class Consumer {
    private Consumer() {
    }

    /**
     * Prints "ok" and the module of Mapping, or fails with a message.
     *
     * @param args unused
     * @throws IOException if the file cannot be made or mapped
     */
    public static void main(String[] args) throws IOException {
        Path f = Files.createTempFile("devmap-consumer", ".bin");
        try {
            Files.write(f, new byte[4096]);
            try (Mapping m = Mapping.open(f, 0, 4096)) {
                m.putIntRelease(0x10, 0x12345678);
                long v = m.getAcquire(0x10, Width.INT);
                if (v != 0x12345678L) {
                    throw new IllegalStateException("read back " + Width.INT.hex(v));
                }
            }
        } finally {
            Files.delete(f);
        }
        // A real sync ioctl, which /dev/zero answers with ENOTTY: through
        // java.lang.foreign where the JVM and the flags allow it.
        String sync = "no /dev/zero";
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero) && Files.isWritable(zero)) {
            try (Mapping m = Mapping.open(zero, 0, 4096)) {
                m.syncForDevice(0, 4096);
                throw new IllegalStateException("a sync on /dev/zero succeeded");
            } catch (DevmapException e) {
                sync = Errno.name(e.errno());
            }
        }
        System.out.println("ok module=" + Mapping.class.getModule().getName() + " sync=" + sync);
    }
}
