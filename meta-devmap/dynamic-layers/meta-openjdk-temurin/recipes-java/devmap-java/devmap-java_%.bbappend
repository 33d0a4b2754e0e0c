# SPDX-License-Identifier: Apache-2.0
# With meta-openjdk-temurin: compile with its JDK, run on its JRE (which
# provides java2-runtime). devmap-jdk.bbclass refuses a
# DEVMAP_TEMURIN_VERSION older than the classes.
DEPENDS += "openjdk-${DEVMAP_TEMURIN_VERSION}-jdk-native"
DEVMAP_BUILD_JAVA_HOME = "${STAGING_LIBDIR_NATIVE}/jvm/openjdk-${DEVMAP_TEMURIN_VERSION}-jdk-native"
DEVMAP_JRE = "openjdk-${DEVMAP_TEMURIN_VERSION}-jre"
