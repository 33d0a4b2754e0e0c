// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * The base of the CLI tests: runs {@code devmap} in-process through
 * {@link Main#run} and keeps what it printed.
 */
public abstract class CliRun {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Standard output and error of the last {@link #run}. */
    protected String out;
    protected String err;

    /** Runs the command line; returns its exit status. */
    protected int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, po, pe);
        }
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    /** Runs the command line with {@code --device DEVICE} in front. */
    protected int runOn(String device, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--device";
        all[1] = device;
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }
}
