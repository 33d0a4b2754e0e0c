# SPDX-License-Identifier: Apache-2.0
# With meta-openjdk-temurin: compile with its JDK, run on its JRE (which
# provides java2-runtime). Its versions 17 and 21 run the classes; 8 and
# 11 are older than DEVMAP_JAVA_RELEASE.
DEVMAP_TEMURIN_VERSION ??= "17"

DEPENDS += "openjdk-${DEVMAP_TEMURIN_VERSION}-jdk-native"
DEVMAP_BUILD_JAVA_HOME = "${STAGING_LIBDIR_NATIVE}/jvm/openjdk-${DEVMAP_TEMURIN_VERSION}-jdk-native"
DEVMAP_JRE = "openjdk-${DEVMAP_TEMURIN_VERSION}-jre"

python () {
    version = d.getVar('DEVMAP_TEMURIN_VERSION')
    release = int(d.getVar('DEVMAP_JAVA_RELEASE'))
    if not version.isdigit() or int(version) < release:
        bb.fatal('DEVMAP_TEMURIN_VERSION="%s" is not a Temurin version of %d '
                 'or later (the library is compiled for release %d)'
                 % (version, release, release))
}
