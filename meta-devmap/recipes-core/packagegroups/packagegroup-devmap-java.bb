# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap: the Java library, the devmap command and JNA"
DESCRIPTION = "devmap-java (org.devmap and /usr/bin/devmap), JNA with this \
target's native library, and through them a Java runtime (java2-runtime). \
Skipped, saying why, when no JDK is configured (devmap-jdk.bbclass)."

inherit packagegroup devmap-jdk

RDEPENDS:${PN} = " \
    jna \
    devmap-java \
"
