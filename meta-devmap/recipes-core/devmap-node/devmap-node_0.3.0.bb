# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Group and mode of /dev/map: a udev rule, or an mdev line"
DESCRIPTION = "Creates the group that owns /dev/map (DEVMAP_GROUP) and gives \
the node its group and mode (DEVMAP_MODE): a udev rule in devmap-node, a \
line of /etc/mdev.conf in devmap-node-mdev for busybox mdev."
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10"

inherit useradd devmap-options

# A rule file and a group: no cross compiler, no C library
INHIBIT_DEFAULT_DEPS = "1"

S = "${DEVMAP_UNPACKDIR}"

# Group and mode may come from the machine configuration.
PACKAGE_ARCH = "${MACHINE_ARCH}"

do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_install() {
	install -d ${D}${nonarch_base_libdir}/udev/rules.d
	printf 'KERNEL=="map", SUBSYSTEM=="misc", GROUP="%s", MODE="%s"\n' \
		'${DEVMAP_GROUP}' '${DEVMAP_MODE}' \
		> ${D}${nonarch_base_libdir}/udev/rules.d/60-devmap.rules
}

PACKAGES = "${PN} ${PN}-mdev"
FILES:${PN} = "${nonarch_base_libdir}/udev/rules.d/60-devmap.rules"
ALLOW_EMPTY:${PN}-mdev = "1"
RDEPENDS:${PN}-mdev = "busybox-mdev"

# -f: no error when the group exists (root, or made by the other package)
USERADD_PACKAGES = "${PN} ${PN}-mdev"
GROUPADD_PARAM:${PN} = "--system -f ${DEVMAP_GROUP}"
GROUPADD_PARAM:${PN}-mdev = "--system -f ${DEVMAP_GROUP}"

# busybox owns /etc/mdev.conf, which has no drop-in folder: replace any
# earlier "map" line, so that this can run any number of times.
pkg_postinst:${PN}-mdev() {
	conf=$D${sysconfdir}/mdev.conf
	touch "$conf"
	sed -i '/^map[[:space:]]/d' "$conf"
	printf 'map\t\troot:%s %s\n' '${DEVMAP_GROUP}' '${DEVMAP_MODE}' >> "$conf"
}

python __anonymous() {
    devmap_check_options(d, ['DEVMAP_MODE', 'DEVMAP_GROUP'])
}
