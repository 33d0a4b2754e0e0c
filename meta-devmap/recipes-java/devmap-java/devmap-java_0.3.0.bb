# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap Java library (org.devmap) and the devmap command"
DESCRIPTION = "The org.devmap library, which maps /dev/map windows through \
JNA, and the devmap command (info, read, write, dump, fill, memtest, bench), \
built with Ant from java-lib/. devmap-java-selftest holds the JUnit suite \
and devmap-selftest, which runs it on the board against /dev/map."
# devmap-java-selftest also ships JUnit 4 (EPL-1.0) and Hamcrest 1.3
# (BSD-3-Clause), taken from devmap-ant-native.
LICENSE = "Apache-2.0 & EPL-1.0 & BSD-3-Clause"
LICENSE:${PN} = "Apache-2.0"
LICENSE:${PN}-selftest = "Apache-2.0 & EPL-1.0 & BSD-3-Clause"
LIC_FILES_CHKSUM = " \
    file://LICENSE;md5=3b83ef96387f14655fc854ddc3c6bd57 \
    file://${COMMON_LICENSE_DIR}/EPL-1.0;md5=57f8d5e2b3e98ac6e088986c12bf94e6 \
    file://${COMMON_LICENSE_DIR}/BSD-3-Clause;md5=550794465ba0ec5312d6919e203a55f9 \
"

inherit devmap-options devmap-jdk

SRC_URI = " \
    file://java-lib \
    file://package/devmap-java/devmap-selftest \
"
S = "${DEVMAP_UNPACKDIR}/java-lib"

DEPENDS = "devmap-ant-native jna-native unzip-native"

# The board's JUnit runner script (the Buildroot package's)
DEVMAP_SELFTEST_SCRIPT ??= "${DEVMAP_UNPACKDIR}/package/devmap-java/devmap-selftest"

# The bytecode is the same for every target; the launchers are scripts.
inherit allarch

do_configure[noexec] = "1"

# Every jar comes from the sysroot: Ant downloads nothing.
do_compile() {
	devmap_check_jdk
	rm -rf ${S}/build
	JAVA_HOME="${DEVMAP_BUILD_JAVA_HOME}" ${STAGING_BINDIR_NATIVE}/devmap-ant \
		-nouserlib -noinput -f ${S}/build.xml \
		-Djna.jar=${STAGING_DATADIR_NATIVE}/java/jna.jar \
		-Djunit.jar=${STAGING_DATADIR_NATIVE}/devmap-ant/lib/junit.jar \
		-Dhamcrest.jar=${STAGING_DATADIR_NATIVE}/devmap-ant/lib/hamcrest-core.jar \
		dist test-jar
}

do_install() {
	install -D -m 0644 ${S}/build/devmap.jar ${D}${datadir}/java/devmap.jar
	install -D -m 0755 ${S}/bin/devmap ${D}${bindir}/devmap

	install -m 0644 ${S}/build/devmap-tests.jar ${D}${datadir}/java/
	install -m 0644 ${STAGING_DATADIR_NATIVE}/devmap-ant/lib/junit.jar \
		${STAGING_DATADIR_NATIVE}/devmap-ant/lib/hamcrest-core.jar \
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
# DEVMAP_JRE: java2-runtime (any Java 17+ runtime of the image's layers,
# chosen with PREFERRED_RPROVIDER_java2-runtime), or the runtime that
# dynamic-layers/ names.
RDEPENDS:${PN} = "jna ${DEVMAP_JRE}"
RDEPENDS:${PN}-selftest = "${PN}"
