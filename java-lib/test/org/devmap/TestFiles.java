// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.rules.TemporaryFolder;

/** Creates the regular files that the tests map. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A file of {@code size} bytes where byte i holds (i * 7 + 3) & 0xff. */
    public static Path patterned(TemporaryFolder tmp, int size) throws IOException {
        Path p = tmp.newFile().toPath();
        Files.write(p, pattern(size));
        return p;
    }

    /** A file of {@code size} zero bytes. */
    public static Path zeros(TemporaryFolder tmp, int size) throws IOException {
        Path p = tmp.newFile().toPath();
        Files.write(p, new byte[size]);
        return p;
    }

    public static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** The file's bytes as a buffer in the given order, for cross-checks. */
    public static ByteBuffer contents(Path p, ByteOrder order) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p)).order(order);
    }
}
