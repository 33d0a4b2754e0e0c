# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap: the JUnit suite that runs on the board against /dev/map"
DESCRIPTION = "devmap-java-selftest (devmap-selftest, the test classes, \
JUnit 4 and Hamcrest). Skipped, saying why, when no JDK is configured \
(devmap-jdk.bbclass)."

inherit packagegroup devmap-jdk

RDEPENDS:${PN} = "devmap-java-selftest"
