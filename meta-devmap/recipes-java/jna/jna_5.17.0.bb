# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Java Native Access: the jar"
DESCRIPTION = "JNA from Maven Central, as one jar for every machine \
(/usr/share/java/jna.jar). The native library it loads, for this target, \
is in jna-jni, which this package depends on."
HOMEPAGE = "https://github.com/java-native-access/jna"
LICENSE = "Apache-2.0 | LGPL-2.1-or-later"
LIC_FILES_CHKSUM = " \
    file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10 \
    file://${COMMON_LICENSE_DIR}/LGPL-2.1-or-later;md5=2a4f4fd2128ea2f65047ee63fbca9f68 \
"

# The jar is kept whole: unpack=0 only copies it. jna-jni fetches the same.
SRC_URI = "https://repo1.maven.org/maven2/net/java/dev/jna/jna/${PV}/jna-${PV}.jar;unpack=0"
SRC_URI[sha256sum] = "b3a9408e7c51e08ef0e3bfcc08f443f6ec0f6191ba8cd7c18d53d2b22e5bdbc0"

S = "${DEVMAP_UNPACKDIR}"

# Bytecode: the same package for every machine, built once. The native
# library is machine-specific, hence a recipe of its own.
inherit allarch devmap-options

do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_install() {
	install -D -m 0644 ${S}/jna-${PV}.jar ${D}${datadir}/java/jna-${PV}.jar
	ln -sf jna-${PV}.jar ${D}${datadir}/java/jna.jar
}

FILES:${PN} = "${datadir}/java"
RDEPENDS:${PN}:class-target = "jna-jni"

# jna-native gives the jar to compile Java recipes against.
BBCLASSEXTEND = "native"
