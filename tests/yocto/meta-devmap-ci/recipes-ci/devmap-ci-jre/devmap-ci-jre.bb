# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Empty stand-in for a Java runtime, for the offline checks only"
DESCRIPTION = "Provides java2-runtime, so that the package QA of \
devmap-java, which reads the packaging data of its run-time dependencies, \
can run where no JRE can be fetched. It contains nothing: never install it."

# Packaging tasks only, one empty package
PACKAGEGROUP_DISABLE_COMPLEMENTARY = "1"
inherit packagegroup

RPROVIDES:${PN} = "java2-runtime"
