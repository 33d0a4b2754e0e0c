#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# check-rpi4-image.sh IMAGES_DIR: checks of the Raspberry Pi 4 sdcard.img
# of devmap_raspberrypi4_64_defconfig, from the host and without root or
# loop mounts (sfdisk, mtools, debugfs, fdtoverlay, modinfo):
#   - partition table: a bootable FAT partition (0x0c), then Linux (0x83)
#   - boot partition: firmware, kernel, DTB, config.txt with the devmap
#     overlay line, cmdline.txt, overlays/devmap.dtbo that applies to the
#     DTB and reserves the sdram window (no-map) for a devmap,window node
#   - root file system: devmap.ko built for the image's kernel and listed
#     in modules.dep, the modprobe options, the autoload file, the mdev
#     node rule and the group, the JRE, JNA, the CLI and the self-test
# Prints TAP; exits 1 if a check failed, 4 if a tool or the image is
# missing (skip).
set -u

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

# What the defconfig and board/raspberrypi4-64 promise
DTB=bcm2711-rpi-4-b.dtb
WINDOW_NODE=/reserved-memory/devmap@30000000
WINDOW_REG="0 805306368 3145728" # 0x30000000, 3 MiB (#address-cells 2)

main() {
	local images=${1:-} t
	if [ -z "${images}" ]; then
		echo "usage: $0 IMAGES_DIR" >&2
		exit 2
	fi
	IMG=${images}/sdcard.img
	[ -f "${IMG}" ] || skip "no ${IMG}"
	for t in sfdisk mdir mtype mcopy debugfs fdtoverlay fdtget modinfo strings; do
		command -v "${t}" >/dev/null || skip "${t} missing (fdisk, mtools, e2fsprogs, device-tree-compiler, kmod, binutils)"
	done
	TMP=$(mktemp -d)
	trap 'rm -rf "${TMP}"' EXIT
	N=0
	FAILED=0
	echo "TAP version 13"
	echo "# ${IMG}"
	partitions
	boot_partition
	root_partition
	echo "1..${N}"
	echo "# $((N - FAILED)) passed, ${FAILED} failed"
	[ "${FAILED}" -eq 0 ]
}

# check DESCRIPTION COMMAND...: one TAP line
check() {
	local desc=$1
	shift
	if "$@" >"${TMP}/out" 2>&1; then
		result 0 "${desc}"
	else
		result 1 "${desc}"
		head -n 5 "${TMP}/out" | sed 's/^/# /'
	fi
}

partitions() {
	local dump boot_start boot_size root_start root_size
	dump=$(sfdisk -d "${IMG}" 2>/dev/null)
	echo "${dump}" | grep -E '^/|^label' | sed 's/^/# /'
	read -r boot_start boot_size < <(echo "${dump}" |
		sed -n 's/^.*1 : start= *\([0-9]*\), size= *\([0-9]*\), type=c, bootable$/\1 \2/p')
	read -r root_start root_size < <(echo "${dump}" |
		sed -n 's/^.*2 : start= *\([0-9]*\), size= *\([0-9]*\), type=83$/\1 \2/p')
	result "$([ "$(echo "${dump}" | grep -c ' : start=')" -eq 2 ] && echo 0 || echo 1)" \
		"partition table (dos) has two partitions"
	result "$([ -n "${boot_start:-}" ] && echo 0 || echo 1)" \
		"partition 1: bootable, type 0x0c (FAT32 LBA)"
	result "$([ -n "${root_start:-}" ] && echo 0 || echo 1)" \
		"partition 2: type 0x83 (Linux)"
	if [ -z "${boot_start:-}" ] || [ -z "${root_start:-}" ]; then
		echo "1..${N}"
		exit 1
	fi
	dd if="${IMG}" of="${TMP}/boot.part" bs=512 skip="${boot_start}" count="${boot_size}" status=none
	dd if="${IMG}" of="${TMP}/root.part" bs=512 skip="${root_start}" count="${root_size}" status=none
}

boot_has() {
	mdir -i "${TMP}/boot.part" -b "::$1" >/dev/null 2>&1
}

boot_partition() {
	local f dtbo="${TMP}/devmap.dtbo" merged="${TMP}/merged.dtb" line
	export MTOOLS_SKIP_CHECK=1
	mdir -i "${TMP}/boot.part" -/ -b :: 2>/dev/null | sed 's|^::/|# boot: |' | grep -v '/overlays/.' || true
	for f in start4.elf fixup4.dat Image "${DTB}" config.txt cmdline.txt overlays/devmap.dtbo; do
		check "boot partition has ${f}" boot_has "${f}"
	done
	mtype -i "${TMP}/boot.part" ::config.txt >"${TMP}/config.txt" 2>/dev/null
	mtype -i "${TMP}/boot.part" ::cmdline.txt >"${TMP}/cmdline.txt" 2>/dev/null
	line=$(grep -E '^dtoverlay=devmap([,:].*)?[[:space:]]*$' "${TMP}/config.txt" | tr -d '\r')
	result "$([ -n "${line}" ] && echo 0 || echo 1)" "config.txt loads the overlay (${line:-no dtoverlay=devmap line})"
	check "config.txt boots the 64-bit kernel Image (arm_64bit=1, kernel=Image)" \
		grep -qx -e 'arm_64bit=1' "${TMP}/config.txt"
	echo "# cmdline.txt: $(tr -d '\r' <"${TMP}/cmdline.txt")"
	check "cmdline.txt mounts the root file system from partition 2" \
		grep -q 'root=/dev/mmcblk0p2' "${TMP}/cmdline.txt"
	mcopy -n -i "${TMP}/boot.part" "::${DTB}" "${TMP}/${DTB}" 2>/dev/null
	mcopy -n -i "${TMP}/boot.part" ::overlays/devmap.dtbo "${dtbo}" 2>/dev/null
	check "overlays/devmap.dtbo applies to ${DTB} (fdtoverlay)" \
		fdtoverlay -i "${TMP}/${DTB}" -o "${merged}" "${dtbo}"
	check "the result reserves ${WINDOW_NODE} reg <${WINDOW_REG}>" \
		test "$(fdtget "${merged}" "${WINDOW_NODE}" reg 2>/dev/null)" = "${WINDOW_REG}"
	check "${WINDOW_NODE} is no-map" prop_exists "${merged}" "${WINDOW_NODE}" no-map
	check "/devmap-sdram is a devmap,window named sdram, uncached, on that region" \
		window_node "${merged}"
}

prop_exists() {
	fdtget -p "$1" "$2" | grep -qx "$3"
}

window_node() {
	local phandle region
	[ "$(fdtget -t s "$1" /devmap-sdram compatible)" = "devmap,window" ] &&
		[ "$(fdtget -t s "$1" /devmap-sdram devmap,name)" = "sdram" ] &&
		[ "$(fdtget -t s "$1" /devmap-sdram devmap,mode)" = "uncached" ] || return 1
	phandle=$(fdtget "$1" "${WINDOW_NODE}" phandle) || return 1
	region=$(fdtget "$1" /devmap-sdram memory-region) || return 1
	[ "${phandle}" = "${region}" ]
}

# rootfs_stat PATH: the inode exists (a file, folder or link)
rootfs_stat() {
	debugfs -R "stat $1" "${TMP}/root.part" 2>/dev/null | grep -q '^Inode:'
}

rootfs_cat() {
	debugfs -R "cat $1" "${TMP}/root.part" 2>/dev/null
}

root_partition() {
	local kver ko="${TMP}/devmap.ko" vermagic f opts
	mcopy -n -i "${TMP}/boot.part" ::Image "${TMP}/Image" 2>/dev/null
	kver=$(strings "${TMP}/Image" 2>/dev/null | sed -n 's/^Linux version \([^ ]*\) .*/\1/p' | head -n 1)
	echo "# kernel Image: ${kver:-no version string}"
	result "$([ -n "${kver}" ] && echo 0 || echo 1)" "the boot partition's Image has a kernel version"
	check "root file system has /lib/modules/${kver}/updates/devmap.ko" \
		rootfs_stat "/lib/modules/${kver}/updates/devmap.ko"
	debugfs -R "dump /lib/modules/${kver}/updates/devmap.ko ${ko}" "${TMP}/root.part" >/dev/null 2>&1
	vermagic=$(modinfo -F vermagic "${ko}" 2>/dev/null)
	echo "# devmap.ko vermagic: ${vermagic:-none}"
	check "devmap.ko is built for that kernel (vermagic ${kver})" \
		test "${vermagic%% *}" = "${kver}"
	check "modules.dep lists devmap.ko" \
		grep -q 'updates/devmap.ko:' <(rootfs_cat "/lib/modules/${kver}/modules.dep")
	opts=$(rootfs_cat /etc/modprobe.d/devmap.conf | grep '^options devmap')
	echo "# /etc/modprobe.d/devmap.conf: ${opts}"
	check "modprobe options: the 1 MiB buffer window" \
		grep -q 'devmap_buffer_size=1M' <(echo "${opts}")
	check "the module is loaded at boot (/etc/modules-load.d/devmap.conf)" \
		grep -qx devmap <(rootfs_cat /etc/modules-load.d/devmap.conf)
	check "mdev rule: map root:devmap 660" \
		grep -qE '^map[[:space:]]+root:devmap[[:space:]]+0?660' <(rootfs_cat /etc/mdev.conf)
	check "group devmap exists" grep -q '^devmap:' <(rootfs_cat /etc/group)
	for f in /usr/bin/java /usr/lib/jvm /usr/share/java/jna.jar /usr/lib/libjnidispatch.so \
		/usr/share/java/devmap.jar /usr/bin/devmap /usr/share/java/devmap-tests.jar \
		/usr/share/java/junit.jar /usr/bin/devmap-selftest; do
		check "root file system has ${f}" rootfs_stat "${f}"
	done
	check "a JVM (lib/server/libjvm.so) is under /usr/lib/jvm" \
		grep -q 'libjvm.so' <(debugfs -R "ls -p /usr/lib/jvm/$(jvm_dir)/lib/server" "${TMP}/root.part" 2>/dev/null)
}

jvm_dir() {
	debugfs -R "ls -p /usr/lib/jvm" "${TMP}/root.part" 2>/dev/null |
		awk -F/ '$6 != "." && $6 != ".." && $6 != "" { print $6; exit }'
}

main "$@"
