#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# boot-rpi4.sh OUTPUT_DIR: boots the sdcard.img of
# devmap_raspberrypi4_64_defconfig (OUTPUT_DIR/images) on QEMU's emulated
# Raspberry Pi 4 (-M raspi4b, TCG) and runs the board checks of
# tests/buildroot/guest-checks.sh over the serial console. Prints TAP;
# exits 0 only if every check passed, 1 if one failed, 4 if a
# prerequisite is missing (skip).
#
# QEMU 9 or later has raspi4b, Debian 12's 7.2 has not: QEMU runs from a
# Debian trixie build root (tests/vm/build-root.sh, cached). QEMU does not
# emulate the GPU firmware, which on a board reads config.txt, applies
# overlays/devmap.dtbo and passes cmdline.txt; this script does that:
#   kernel        the boot partition's Image
#   DTB           the boot partition's bcm2711-rpi-4-b.dtb with
#                 overlays/devmap.dtbo applied (fdtoverlay), then the
#                 changes of test_dtb() for blocks QEMU lacks
#   command line  cmdline.txt's, plus devmap_checks=1 panic=-1
#   root          partition 2 of a copy of sdcard.img on QEMU's SD bus
#                 (-drive if=sd); the copy gets the checks (guest-checks.sh
#                 as /etc/init.d/S99devmap-checks, /etc/devmap-checks.conf,
#                 the C programs of tests/vm/guest with the example program
#                 moved to the Pi's window) written in with debugfs, and is
#                 padded to a power of two (QEMU's SD card wants that).
#                 sdcard.img itself is not changed.
#
# Environment: BOOT_TIMEOUT (seconds QEMU may run, default 1200),
# DEVMAP_RPI4_BOOT_WORK (work folder, default OUTPUT_DIR/../boot-rpi4),
# DEVMAP_CACHE (for the build root).
set -eu

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

DTB=bcm2711-rpi-4-b.dtb
# Blocks of the BCM2711 that QEMU's raspi4b does not emulate and that this
# image's kernel has drivers for: probing them takes an external abort.
# (QEMU itself disables pcie and genet in the DTB it is given.)
UNEMULATED="/soc/clock@7ef00000 /soc/interrupt-controller@7ef00100"
# The SD slot QEMU wires the card to: the Arasan controller, which carries
# the Wi-Fi chip on a board (non-removable, powered through the firmware's
# GPIO expander); emmc2, the board's SD slot, sees no card in QEMU.
SD_NODE=/soc/mmc@7e300000

main() {
	O=${1:-}
	if [ -z "${O}" ]; then
		echo "usage: $0 BUILDROOT_OUTPUT_DIR" >&2
		exit 2
	fi
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	[ -f "${O}/images/sdcard.img" ] || skip "no ${O}/images/sdcard.img"
	O=$(cd "${O}" && pwd -P)
	WORK=${DEVMAP_RPI4_BOOT_WORK:-$(dirname "${O}")/boot-rpi4}
	mkdir -p "${WORK}"
	WORK=$(cd "${WORK}" && pwd -P)
	local t
	for t in mcopy mtype fdtoverlay fdtput fdtget debugfs sfdisk; do
		command -v "${t}" >/dev/null || skip "${t} missing (mtools, device-tree-compiler, e2fsprogs, fdisk)"
	done
	QROOT=$("${REPO}/tests/vm/build-root.sh" trixie qemu-system-arm) ||
		skip "no Debian trixie build root with QEMU (tests/vm/build-root.sh trixie qemu-system-arm)"
	N=0
	FAILED=0
	echo "TAP version 13"
	qemu_version
	boot_files
	test_dtb
	test_image
	boot
	echo "1..${N}"
	echo "# $((N - FAILED)) passed, ${FAILED} failed; console log ${WORK}/console.log"
	[ "${FAILED}" -eq 0 ]
}

# in_qemu_root COMMAND...: run COMMAND in the build root, with WORK at its
# own path and the host's /dev
in_qemu_root() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m /bin/bash -c '
		set -e
		root=$1 work=$2
		shift 2
		mkdir -p "$root$work"
		mount --bind "$work" "$root$work"
		mount --rbind /dev "$root/dev"
		mount -t proc proc "$root/proc"
		exec chroot "$root" "$@"' in_qemu_root "${QROOT}" "${WORK}" "$@"
}

# fail DESCRIPTION: a failed step that the later ones need
fail() {
	result 1 "$1"
	echo "1..${N}"
	echo "# $((N - FAILED)) passed, ${FAILED} failed"
	exit 1
}

qemu_version() {
	local v
	v=$(in_qemu_root qemu-system-aarch64 --version | head -n 1)
	echo "# ${QROOT}: ${v}"
	in_qemu_root qemu-system-aarch64 -M help | grep -q '^raspi4b ' ||
		fail "QEMU has the raspi4b machine (${v})"
	result 0 "QEMU has the raspi4b machine (${v})"
}

boot_files() {
	local start size f
	export MTOOLS_SKIP_CHECK=1
	read -r start size < <(sfdisk -d "${O}/images/sdcard.img" |
		sed -n 's/^.*1 : start= *\([0-9]*\), size= *\([0-9]*\),.*/\1 \2/p')
	[ -n "${start:-}" ] || fail "sdcard.img has a boot partition"
	dd if="${O}/images/sdcard.img" of="${WORK}/boot.vfat" bs=512 skip="${start}" \
		count="${size}" status=none
	rm -rf "${WORK:?}/boot"
	mkdir -p "${WORK}/boot"
	for f in Image "${DTB}" overlays/devmap.dtbo cmdline.txt; do
		mcopy -n -i "${WORK}/boot.vfat" "::${f}" "${WORK}/boot/$(basename "${f}")" ||
			fail "boot partition has ${f}"
	done
	CMDLINE="$(tr -d '\r\n' <"${WORK}/boot/cmdline.txt") devmap_checks=1 panic=-1"
	result 0 "kernel, DTB, overlay and command line taken from sdcard.img's boot partition"
}

test_dtb() {
	local node p
	fdtoverlay -i "${WORK}/boot/${DTB}" -o "${WORK}/overlaid.dtb" "${WORK}/boot/devmap.dtbo" ||
		fail "overlays/devmap.dtbo applies to ${DTB} (fdtoverlay)"
	result 0 "overlays/devmap.dtbo applies to ${DTB} (fdtoverlay)"
	cp "${WORK}/overlaid.dtb" "${WORK}/test.dtb"
	for node in ${UNEMULATED}; do
		fdtput -t s "${WORK}/test.dtb" "${node}" status disabled ||
			fail "${node} exists in ${DTB} (to be disabled)"
		echo "# test DTB: ${node} status = \"disabled\" (not emulated by QEMU)"
	done
	for p in non-removable mmc-pwrseq; do
		fdtput -d "${WORK}/test.dtb" "${SD_NODE}" "${p}" ||
			fail "${SD_NODE} has ${p} (to be removed)"
		echo "# test DTB: ${SD_NODE}: ${p} removed (QEMU's SD card sits in this slot)"
	done
	result 0 "test DTB: ${DTB} + devmap.dtbo, $(echo "${UNEMULATED}" | wc -w) unemulated nodes disabled, SD slot ${SD_NODE}"
}

# The checks' expected values: group, mode and buffer from the build's
# .config, the window from the overlaid DTB (what the board would get)
checks_conf() {
	local node reg
	node=$(fdtget -t s "${WORK}/overlaid.dtb" /devmap-sdram devmap,name) || return 1
	# the window's reserved-memory node: /reserved-memory/devmap@<hex>
	reg=$(fdtget "${WORK}/overlaid.dtb" "$(window_region)" reg) || return 1
	# shellcheck disable=SC2086 # the cells, one per word
	set -- ${reg}
	echo "GROUP=$(kconfig_string "${O}/.config" GROUP)"
	echo "MODE=$(ls_mode "$(kconfig_string "${O}/.config" MODE)")"
	echo "MODE_OCTAL=$(kconfig_string "${O}/.config" MODE)"
	grep -q '^BR2_ROOTFS_DEVICE_CREATION_DYNAMIC_MDEV=y' "${O}/.config" && echo "DEV_MODE=mdev"
	echo "BUFFER_SIZE=$(kconfig_string "${O}/.config" BUFFER_SIZE)"
	echo "WINDOW=${node}"
	# #address-cells 2, #size-cells 1 under /reserved-memory
	printf 'WINDOW_PHYS=0x%x\n' "$((($1 << 32) | $2))"
	echo "WINDOW_SIZE=$3"
	printf 'EXAMPLE_PHYS=0x%x\n' "$((($1 << 32) | $2))"
}

window_region() {
	local phandle n
	phandle=$(fdtget "${WORK}/overlaid.dtb" /devmap-sdram memory-region)
	for n in $(fdtget -l "${WORK}/overlaid.dtb" /reserved-memory); do
		if [ "$(fdtget "${WORK}/overlaid.dtb" "/reserved-memory/${n}" phandle 2>/dev/null)" = "${phandle}" ]; then
			echo "/reserved-memory/${n}"
			return 0
		fi
	done
	return 1
}

# Cross-compile the guest programs with the image's toolchain; the
# example program is the original with its address moved to the window.
guest_programs() {
	local cc p phys
	cc=$(make -s -C "${O}" printvars VARS=TARGET_CC | sed 's/^TARGET_CC=//')
	[ -x "${cc}" ] || return 1
	phys=$(sed -n 's/^EXAMPLE_PHYS=//p' "${WORK}/files/devmap-checks.conf")
	sed "s/0xc0000000/${phys}/" "${REPO}/tests/vm/guest/map_example.c" >"${WORK}/map_example.c"
	grep -q "${phys}" "${WORK}/map_example.c" || return 1
	"${cc}" -O2 -Wall -o "${WORK}/files/map_example" "${WORK}/map_example.c" || return 1
	for p in devmap_test runas; do
		"${cc}" -O2 -Wall -I "${REPO}/driver" -o "${WORK}/files/${p}" \
			"${REPO}/tests/vm/guest/${p}.c" || return 1
	done
}

test_image() {
	local start size total pow f
	rm -rf "${WORK}/files"
	mkdir -p "${WORK}/files"
	checks_conf >"${WORK}/files/devmap-checks.conf" ||
		fail "window of the overlaid DTB read (/devmap-sdram and its memory-region)"
	sed 's/^/# devmap-checks.conf: /' "${WORK}/files/devmap-checks.conf"
	guest_programs >"${WORK}/programs.log" 2>&1 || {
		sed 's/^/# /' "${WORK}/programs.log"
		fail "guest programs cross-compiled (map_example at the window, devmap_test, runas)"
	}
	result 0 "guest programs cross-compiled (map_example at the window, devmap_test, runas)"
	install -m 0755 "${REPO}/tests/buildroot/guest-checks.sh" "${WORK}/files/S99devmap-checks"
	install -m 0644 "${REPO}/tests/board/checks.sh" "${WORK}/files/checks.sh"
	chmod 0755 "${WORK}"/files/map_example "${WORK}"/files/devmap_test "${WORK}"/files/runas
	chmod 0644 "${WORK}/files/devmap-checks.conf"

	read -r start size < <(sfdisk -d "${O}/images/sdcard.img" |
		sed -n 's/^.*2 : start= *\([0-9]*\), size= *\([0-9]*\),.*/\1 \2/p')
	[ -n "${start:-}" ] || fail "sdcard.img has a root partition"
	cp --sparse=always "${O}/images/sdcard.img" "${WORK}/sd.img"
	dd if="${WORK}/sd.img" of="${WORK}/root.ext4" bs=512 skip="${start}" count="${size}" \
		status=none
	{
		# (mkdir of a folder that exists only prints an error)
		echo "mkdir /usr/libexec"
		echo "mkdir /usr/libexec/devmap-test"
		for f in map_example devmap_test runas checks.sh; do
			echo "write ${WORK}/files/${f} /usr/libexec/devmap-test/${f}"
		done
		echo "write ${WORK}/files/S99devmap-checks /etc/init.d/S99devmap-checks"
		echo "write ${WORK}/files/devmap-checks.conf /etc/devmap-checks.conf"
	} >"${WORK}/debugfs.cmd"
	debugfs -w -f "${WORK}/debugfs.cmd" "${WORK}/root.ext4" >"${WORK}/debugfs.log" 2>&1
	for f in /usr/libexec/devmap-test/map_example /etc/init.d/S99devmap-checks; do
		debugfs -R "stat ${f}" "${WORK}/root.ext4" 2>/dev/null | grep -q '^Inode:' ||
			fail "checks written into a copy of the root partition (debugfs)"
	done
	dd if="${WORK}/root.ext4" of="${WORK}/sd.img" bs=512 seek="${start}" conv=notrunc \
		status=none
	rm -f "${WORK}/root.ext4"
	total=$(stat -c %s "${WORK}/sd.img")
	pow=1
	while [ "${pow}" -lt "${total}" ]; do pow=$((pow * 2)); done
	truncate -s "${pow}" "${WORK}/sd.img"
	result 0 "test SD image: a copy of sdcard.img with the checks in its root partition, padded to ${pow} bytes"
}

boot() {
	local log=${WORK}/console.log start
	local cmd=(qemu-system-aarch64 -M raspi4b -accel tcg
		-kernel "${WORK}/boot/Image" -dtb "${WORK}/test.dtb"
		-append "${CMDLINE}"
		-drive "file=${WORK}/sd.img,if=sd,format=raw"
		-display none -serial stdio -monitor none -no-reboot)
	echo "# ${cmd[*]}"
	start=$(date +%s)
	in_qemu_root timeout "${BOOT_TIMEOUT:-1200}" "${cmd[@]}" </dev/null >"${log}" 2>&1 &
	watch_console "${log}" $! "${start}"
	tr -d '\r' <"${log}" | grep -E '^(\[ *[0-9.]+\] )?(Linux version|Machine model|mmcblk|EXT4-fs .*mounted|Run /sbin/init|devmap)' |
		head -n 20 | sed 's/^/# console: /'
	console_results "${log}" "${WORK}/guest.tap" "${start}" "boots from the SD card"
}

main "$@"
