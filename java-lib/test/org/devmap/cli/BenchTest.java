// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code devmap bench --op} on a temporary file: the streaming ops of DMA
 * buffers (whose sync needs {@code /dev/map}: the board tests run them there).
 */
public class BenchTest extends CliRun {
    private Path file;

    @Before
    public void createFile() throws IOException {
        file = tmp.newFile("mem").toPath();
        Files.write(file, new byte[16384]);
    }

    private int dev(String... args) {
        return runOn(file.toString(), args);
    }

    @Test
    public void dmaWriteStreamsTheRangeWithoutSyncOnAFile() throws IOException {
        for (String type : new String[] {"--cached", "--uncached"}) {
            assertEquals(err, 0, dev(type, "bench", "--op", "dma-write32", "--iters", "2", "--reps", "3",
                    "--warmup", "0", "0", "16K"));
            assertTrue(out, out.matches("bench op=dma-write32 impl=java bytes=16384 iters=2 reps=3"
                    + " ns_per_op=[0-9.]+ mb_per_s=[0-9.]+ sync=none\n"));
        }
        // Element i holds i: every word was stored.
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 4096; i++) {
            assertEquals("word " + i, i, b.getInt(4 * i));
        }
    }

    @Test
    public void dmaReadPrintsItsLine() {
        assertEquals(err, 0, dev("bench", "--op", "dma-read32", "--iters", "1", "--reps", "1",
                "--warmup", "0", "0x1000", "8K"));
        assertTrue(out, out.matches("bench op=dma-read32 impl=java bytes=8192 iters=1 reps=1"
                + " ns_per_op=[0-9.]+ mb_per_s=[0-9.]+ sync=none\n"));
    }

    @Test
    public void dmaOpsRefuseJna() {
        assertEquals(2, dev("bench", "--op", "dma-read32", "--impl", "jna", "0", "4K"));
        assertTrue(err, err.startsWith("devmap: bench: --impl jna is for the p1 ops only\n"));
    }

    @Test
    public void syncFailureNamesTheReason() {
        // /dev/zero maps but is not /dev/map: the sync ioctl fails (ENOTTY).
        Path zero = Path.of("/dev/zero");
        assumeTrue("no /dev/zero", Files.exists(zero));
        file = zero;
        assertEquals(1, dev("bench", "--op", "dma-write32", "--iters", "1", "--reps", "1",
                "--warmup", "0", "0", "4K"));
        assertTrue(err, err.startsWith("devmap: bench: "));
        assertTrue(err, err.contains("ENOTTY"));
    }

    @Test
    public void dmaSyncPrintsItsLineAndFailsOnAnotherDevice() {
        assertEquals(err, 0, dev("bench", "--op", "dma-sync", "--iters", "2", "--reps", "1",
                "--warmup", "0", "0", "4K"));
        assertTrue(out, out.matches("bench op=dma-sync impl=java bytes=4096 iters=2 reps=1"
                + " ns_per_op=[0-9.]+ mb_per_s=[0-9.]+ sync=none\n"));
        Path zero = Path.of("/dev/zero");
        assumeTrue("no /dev/zero", Files.exists(zero));
        file = zero;
        assertEquals(1, dev("bench", "--op", "dma-sync", "--iters", "1", "--reps", "1", "--warmup", "0",
                "0", "4K"));
        assertTrue(err, err.contains("ENOTTY"));
    }
}
