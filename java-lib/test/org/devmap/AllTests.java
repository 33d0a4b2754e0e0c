// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import org.devmap.cli.BenchTest;
import org.devmap.cli.MainTest;
import org.devmap.cli.WaitTest;
import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * Every test class, for running from the jars without Ant:
 * {@code java -cp devmap.jar:devmap-tests.jar:jna.jar:junit.jar:hamcrest.jar
 * org.junit.runner.JUnitCore org.devmap.AllTests}.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({
    MappingTest.class,
    WidthTest.class,
    OneShotTest.class,
    ApiTest.class,
    ReadmeTest.class,
    IoctlAbiTest.class,
    SourceSizeTest.class,
    RegistersTest.class,
    LeakTest.class,
    BulkTest.class,
    ConcurrencyTest.class,
    DevmapExceptionTest.class,
    SyncTest.class,
    ForeignIoctlTest.class,
    WindowsTest.class,
    InterruptTest.class,
    FuzzTest.class,
    MainTest.class,
    WaitTest.class,
    BenchTest.class,
    DevMapDeviceTest.class,
    InterruptDeviceTest.class,
})
public class AllTests {
}
