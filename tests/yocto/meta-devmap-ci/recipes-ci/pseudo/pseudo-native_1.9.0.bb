# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Debian's pseudo as pseudo-native, for the offline checks only"
DESCRIPTION = "oe-core builds pseudo-native from its git repository, which \
cannot be fetched offline. This recipe, of the same name in a layer of \
higher priority, lays out the build host's pseudo (Debian package pseudo) \
as oe-core's pseudo-native sysroot holds it (PSEUDO_SYSROOT): bin/pseudo, \
lib/pseudo/lib{,64}/libpseudo.so and oe-core's fallback passwd and group."
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10"

PROVIDES = "virtual/fakeroot-native"

# Debian 12's version
PV = "1.9.0+git20220404"

FILESEXTRAPATHS:prepend := "${COREBASE}/meta/recipes-devtools/pseudo/files:"
SRC_URI = "file://fallback-passwd file://fallback-group"
S = "${@d.getVar('UNPACKDIR') or d.getVar('WORKDIR')}"

inherit native

# Where Debian installs them
DEVMAP_CI_PSEUDO_BIN = "/usr/bin/pseudo"
DEVMAP_CI_LIBPSEUDO = "/usr/lib/${BUILD_ARCH}-linux-gnu/pseudo/libpseudo.so"

do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_install() {
	for f in ${DEVMAP_CI_PSEUDO_BIN} ${DEVMAP_CI_LIBPSEUDO}; do
		[ -e "$f" ] || bbfatal "$f is missing: install Debian's pseudo (tests/deps.sh yocto)"
	done
	install -d ${D}${bindir} ${D}${libdir}/pseudo/lib ${D}${libdir}/pseudo/lib64
	ln -s ${DEVMAP_CI_PSEUDO_BIN} ${D}${bindir}/pseudo
	# pseudo preloads libpseudo.so from PSEUDO_LIBDIR and its 64 twin
	ln -s ${DEVMAP_CI_LIBPSEUDO} ${D}${libdir}/pseudo/lib/libpseudo.so
	ln -s ${DEVMAP_CI_LIBPSEUDO} ${D}${libdir}/pseudo/lib64/libpseudo.so
	install -d ${D}${sysconfdir}
	install -m 0444 ${S}/fallback-passwd ${D}${sysconfdir}/passwd
	install -m 0444 ${S}/fallback-group ${D}${sysconfdir}/group
}
