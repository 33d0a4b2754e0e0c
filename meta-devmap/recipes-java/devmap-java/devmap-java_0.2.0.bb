# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap Java library (org.devmap) and the devmap command"
DESCRIPTION = "The org.devmap library, which maps /dev/map windows through \
JNA, and the devmap command (info, read, write, dump, fill, memtest, bench), \
built with Ant from java-lib/. devmap-java-selftest holds the JUnit suite \
and devmap-selftest, which runs it on the board against /dev/map."
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://LICENSE;md5=3b83ef96387f14655fc854ddc3c6bd57"

inherit devmap-options

SRC_URI = " \
    file://java-lib \
    file://package/devmap-java/devmap-selftest \
"
S = "${DEVMAP_UNPACKDIR}/java-lib"

DEPENDS = "ant-native jna-native unzip-native"

# The JDK that compiles. meta-openjdk-temurin's, when that layer is in
# bblayers.conf (dynamic-layers/ of this layer sets it); otherwise a JDK 17+
# on the build host, named in local.conf: DEVMAP_BUILD_JAVA_HOME = "/usr/lib/jvm/...".
DEVMAP_BUILD_JAVA_HOME ??= ""
# Java runtime package(s) on the target; dynamic-layers/ sets Temurin's JRE.
DEVMAP_JRE ??= ""
# The board's JUnit runner script (the Buildroot package's)
DEVMAP_SELFTEST_SCRIPT ??= "${DEVMAP_UNPACKDIR}/package/devmap-java/devmap-selftest"

# The bytecode is the same for every target; the launchers are scripts.
inherit allarch

do_configure[noexec] = "1"

# Every jar comes from the sysroot: Ant downloads nothing.
do_compile() {
	if [ -z "${DEVMAP_BUILD_JAVA_HOME}" ]; then
		bbfatal "devmap-java needs a JDK: add meta-openjdk-temurin to bblayers.conf, or set DEVMAP_BUILD_JAVA_HOME to a JDK 17+ folder in local.conf"
	fi
	if [ ! -x "${DEVMAP_BUILD_JAVA_HOME}/bin/javac" ]; then
		bbfatal "DEVMAP_BUILD_JAVA_HOME=\"${DEVMAP_BUILD_JAVA_HOME}\" has no bin/javac"
	fi
	rm -rf ${S}/build
	JAVA_HOME="${DEVMAP_BUILD_JAVA_HOME}" ${STAGING_BINDIR_NATIVE}/ant \
		-nouserlib -noinput -f ${S}/build.xml \
		-Djna.jar=${STAGING_DATADIR_NATIVE}/java/jna.jar \
		-Djunit.jar=${STAGING_DATADIR_NATIVE}/ant/lib/junit.jar \
		-Dhamcrest.jar=${STAGING_DATADIR_NATIVE}/ant/lib/hamcrest-core.jar \
		dist test-jar
}

do_install() {
	install -D -m 0644 ${S}/build/devmap.jar ${D}${datadir}/java/devmap.jar
	install -D -m 0755 ${S}/bin/devmap ${D}${bindir}/devmap

	install -m 0644 ${S}/build/devmap-tests.jar ${D}${datadir}/java/
	install -m 0644 ${STAGING_DATADIR_NATIVE}/ant/lib/junit.jar \
		${STAGING_DATADIR_NATIVE}/ant/lib/hamcrest-core.jar \
		${D}${datadir}/java/
	install -D -m 0755 ${DEVMAP_SELFTEST_SCRIPT} ${D}${bindir}/devmap-selftest
	# The runner reads the test classes from this list: the board needs
	# no unzip.
	install -d ${D}${datadir}/devmap
	unzip -Z1 ${S}/build/devmap-tests.jar \
		| sed -n '/\$/d; s,\.class$,,p' | grep 'Test$' | tr / . \
		> ${D}${datadir}/devmap/selftest.classes
}

PACKAGES =+ "${PN}-selftest"
FILES:${PN} = "${datadir}/java/devmap.jar ${bindir}/devmap"
FILES:${PN}-selftest = " \
    ${datadir}/java/devmap-tests.jar ${datadir}/java/junit.jar \
    ${datadir}/java/hamcrest-core.jar ${bindir}/devmap-selftest \
    ${datadir}/devmap \
"
RDEPENDS:${PN} = "jna ${DEVMAP_JRE}"
RDEPENDS:${PN}-selftest = "${PN}"
