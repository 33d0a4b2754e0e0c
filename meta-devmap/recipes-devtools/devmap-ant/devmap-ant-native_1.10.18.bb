# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Apache Ant with the JUnit 4 task, JUnit 4.13.2 and Hamcrest 1.3, for devmap-java"
DESCRIPTION = "Apache Ant as a native build tool, made of the jars of Maven \
Central (no Ant source build, no bootstrap). Its files are named devmap-ant \
(bin/devmap-ant, share/devmap-ant), so that it can share a sysroot with \
meta-java's ant-native. It needs a JVM from the recipe that runs it: \
JAVA_HOME."
HOMEPAGE = "https://ant.apache.org/"
LICENSE = "Apache-2.0 & EPL-1.0 & BSD-3-Clause"
LIC_FILES_CHKSUM = " \
    file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10 \
    file://${COMMON_LICENSE_DIR}/EPL-1.0;md5=57f8d5e2b3e98ac6e088986c12bf94e6 \
    file://${COMMON_LICENSE_DIR}/BSD-3-Clause;md5=550794465ba0ec5312d6919e203a55f9 \
"

MAVEN = "https://repo1.maven.org/maven2"
JUNIT_PV = "4.13.2"
HAMCREST_PV = "1.3"
SRC_URI = " \
    ${MAVEN}/org/apache/ant/ant/${PV}/ant-${PV}.jar;name=ant;unpack=0 \
    ${MAVEN}/org/apache/ant/ant-launcher/${PV}/ant-launcher-${PV}.jar;name=launcher;unpack=0 \
    ${MAVEN}/org/apache/ant/ant-junit/${PV}/ant-junit-${PV}.jar;name=antjunit;unpack=0 \
    ${MAVEN}/junit/junit/${JUNIT_PV}/junit-${JUNIT_PV}.jar;name=junit;unpack=0 \
    ${MAVEN}/org/hamcrest/hamcrest-core/${HAMCREST_PV}/hamcrest-core-${HAMCREST_PV}.jar;name=hamcrest;unpack=0 \
    file://devmap-ant \
"
SRC_URI[ant.sha256sum] = "a12d775f581ad87592b1b1c7ff6fa5bcf6bb784974b94c848b0695ae15765f46"
SRC_URI[launcher.sha256sum] = "b96e61ec45a9cbb2cf8d009c47ca544b451f419df105195a919205af7af47aa2"
SRC_URI[antjunit.sha256sum] = "abeabfa46305ee66e5aab522510f11d5ea605577048afa8d9799f1d44b79fe1c"
SRC_URI[junit.sha256sum] = "8e495b634469d64fb8acfa3495a065cbacc8a0fff55ce1e31007be4c16dc57d3"
SRC_URI[hamcrest.sha256sum] = "66fdef91e9739348df7a096aa384a5685f4e875584cce89386a7a47251c4d8e9"

S = "${DEVMAP_UNPACKDIR}"

inherit devmap-options native

do_configure[noexec] = "1"
do_compile[noexec] = "1"

# Jars under the names Ant's lib folder and java-lib/build.xml use
do_install() {
	install -d ${D}${datadir}/devmap-ant/lib
	install -m 0644 ${S}/ant-${PV}.jar ${D}${datadir}/devmap-ant/lib/ant.jar
	install -m 0644 ${S}/ant-launcher-${PV}.jar ${D}${datadir}/devmap-ant/lib/ant-launcher.jar
	install -m 0644 ${S}/ant-junit-${PV}.jar ${D}${datadir}/devmap-ant/lib/ant-junit.jar
	install -m 0644 ${S}/junit-${JUNIT_PV}.jar ${D}${datadir}/devmap-ant/lib/junit.jar
	install -m 0644 ${S}/hamcrest-core-${HAMCREST_PV}.jar ${D}${datadir}/devmap-ant/lib/hamcrest-core.jar
	install -D -m 0755 ${S}/devmap-ant ${D}${bindir}/devmap-ant
}
