// SPDX-License-Identifier: Apache-2.0
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs JUnit 4 test classes and prints one TAP line per test, so that the
 * board validation counts JUnit results like its other checks. A test
 * skipped by an assumption is "ok # SKIP" with the reason: the host side
 * can then see that device tests did not run.
 */
public final class TapRunner {
    private TapRunner() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        JUnitCore core = new JUnitCore();
        core.addListener(new RunListener() {
            private final AtomicBoolean failed = new AtomicBoolean();
            private String skip;

            @Override
            public void testStarted(Description d) {
                failed.set(false);
                skip = null;
            }

            @Override
            public void testFailure(Failure f) {
                failed.set(true);
                System.out.println("# " + f.getTestHeader() + ": " + f.getMessage());
                for (String line : f.getTrace().split("\n", 12)) {
                    System.out.println("#   " + line);
                }
            }

            @Override
            public void testAssumptionFailure(Failure f) {
                skip = f.getMessage();
            }

            @Override
            public void testFinished(Description d) {
                String name = "junit " + d.getClassName() + "." + d.getMethodName();
                if (failed.get()) {
                    System.out.println("not ok - " + name);
                } else if (skip != null) {
                    System.out.println("ok - " + name + " # SKIP " + skip);
                } else {
                    System.out.println("ok - " + name);
                }
            }
        });
        boolean ok = true;
        for (String name : args) {
            ok &= core.run(Request.aClass(Class.forName(name))).wasSuccessful();
        }
        System.exit(ok ? 0 : 1);
    }
}
