# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Device tree of QEMU's arm64 virt board with a devmap window"
DESCRIPTION = "QEMU makes the virt board's device tree itself; this recipe \
has the native QEMU dump it with the machine's runqemu options, adds the \
devmap window of devmap-window.dtso and deploys devmap-virt.dtb, which \
runqemu passes with -dtb (QB_DTB), and the overlay itself, \
devmap-window.dtbo, for boot loaders that apply overlays."
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10"

inherit deploy devmap-options

SRC_URI = "file://devmap-window.dtso"
S = "${DEVMAP_UNPACKDIR}"

# Native tools only: no cross compiler, no C library
INHIBIT_DEFAULT_DEPS = "1"
DEPENDS = "qemu-system-native dtc-native"

COMPATIBLE_MACHINE = "qemuarm64"
PACKAGE_ARCH = "${MACHINE_ARCH}"

do_configure[noexec] = "1"

# The board's device tree depends on the machine, CPU count and memory
# size: the same options as runqemu's.
do_compile() {
	qemu-system-aarch64 ${QB_MACHINE},dumpdtb=${B}/virt.dtb ${QB_CPU} \
		${QB_SMP} ${QB_MEM} -nographic -display none
	dtc -q -@ -I dts -O dtb -o ${B}/devmap-window.dtbo ${S}/devmap-window.dtso
	fdtoverlay -i ${B}/virt.dtb -o ${B}/devmap-virt.dtb ${B}/devmap-window.dtbo
}

do_install[noexec] = "1"

do_deploy() {
	install -m 0644 ${B}/devmap-virt.dtb ${DEPLOYDIR}/devmap-virt.dtb
	install -m 0644 ${B}/devmap-window.dtbo ${DEPLOYDIR}/devmap-window.dtbo
}
addtask deploy after do_compile before do_build

ALLOW_EMPTY:${PN} = "1"
