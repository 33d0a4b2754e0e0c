#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# build-qemu.sh [--reuse] [--no-boot] [--variant NAME] aarch64|x86_64 [OFFLINE_DIR]
#
# Builds configs/devmap_qemu_aarch64_virt_defconfig (or
# devmap_qemu_x86_64_defconfig) with a real Buildroot
# on a host without Buildroot's downloads, using the offline harness
# (make-toolchain.sh, fetch-sources.sh, offline-config.sh,
# preseed-host-tools.sh, java-runtime.sh: Debian's gcc, kernel source and
# JRE stand in for Bootlin's toolchain, kernel.org and Temurin), boots
# the image under qemu-system-<arch> (TCG) and runs the board checks of
# tests/buildroot/guest-checks.sh on it. Prints TAP; exits 0 only if
# every check passed, 4 if a prerequisite is missing (skip).
#
# For the checks only, a rootfs overlay adds the C guest programs of
# tests/vm/guest (map_example, devmap_test, runas) and the checks as
# /etc/init.d/S99devmap-checks, active with devmap_checks=1 on the
# kernel command line; the image is otherwise the defconfig's.
#
# Environment:
#   BUILDROOT_DIR       Buildroot checkout (required)
#   DEVMAP_OFFLINE_DIR  harness directory, if not given as argument
#   DEVMAP_BR_WORK      work directory (default ${TMPDIR:-/tmp}/devmap-br)
#   BR2_DL_DIR          download directory (default $DEVMAP_BR_WORK/dl)
#   HOST_JDK            host JDK for host-openjdk-bin (default: Debian's 17)
#   BR2_JLEVEL          parallel jobs (default: number of CPUs)
#   BOOT_TIMEOUT        seconds QEMU may run (default 900, or the
#                       fragment's "# devmap-boot-timeout: N" if longer)
#   DEVMAP_BR_BASE      --variant: finished output directory of the plain
#                       build to start from (copied once into the work dir)
# --reuse keeps an existing output directory (also one made from another
# clone): this tree's packages are rebuilt from this clone, then the
# images, before booting; the kernel and busybox are kept.
#
# --variant NAME builds the image of tests/buildroot/fragments/NAME.config
# on top of the defconfig, in its own output directory made by copying
# DEVMAP_BR_BASE (never modified): the fragment is merged, this tree's
# packages are rebuilt and the target directory is installed again from
# the already built packages (a /dev mode or a Java runtime changes what
# several packages install), then the root filesystem; the kernel is not
# rebuilt. The variant's name goes on the kernel command line
# (devmap_variant=NAME) with the fragment's "# devmap-cmdline:" words.
#
# --no-boot builds and stops there (CI builds the image beside other work,
# then boots it with --reuse when the machine is free).
set -eu

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

main() {
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	REUSE=0
	BOOT=1
	VARIANT=""
	while [ "$#" -gt 0 ]; do
		case "$1" in
		--reuse) REUSE=1 ;;
		--no-boot) BOOT=0 ;;
		--variant)
			VARIANT=${2:-}
			shift
			;;
		*) break ;;
		esac
		shift
	done
	ARCH=${1:-}
	case "${ARCH}" in
	aarch64) DEFCONFIG=devmap_qemu_aarch64_virt_defconfig ;;
	x86_64) DEFCONFIG=devmap_qemu_x86_64_defconfig ;;
	*)
		echo "usage: $0 [--reuse] [--no-boot] [--variant NAME] aarch64|x86_64 [OFFLINE_DIR]" >&2
		exit 2
		;;
	esac
	FRAGMENT=""
	if [ -n "${VARIANT}" ]; then
		FRAGMENT=${REPO}/tests/buildroot/fragments/${VARIANT}.config
		if [ ! -f "${FRAGMENT}" ]; then
			echo "$0: unknown variant '${VARIANT}' (no ${FRAGMENT}; have:" \
				"$(find "${REPO}/tests/buildroot/fragments" -name '*.config' -printf '%f ' | sed 's/\.config//g'))" >&2
			exit 2
		fi
	fi
	OFFLINE=${2:-${DEVMAP_OFFLINE_DIR:-}}
	[ -n "${BUILDROOT_DIR:-}" ] || skip "BUILDROOT_DIR not set"
	[ -n "${OFFLINE}" ] || skip "no harness directory (argument or DEVMAP_OFFLINE_DIR)"
	[ -x "${OFFLINE}/offline-config.sh" ] || skip "${OFFLINE} has no offline-config.sh"
	# Every package the steps need, before any of them builds
	local groups=(buildroot buildroot-harness buildroot-qemu)
	if [ -n "${FRAGMENT}" ] && grep -Eq '^BR2_PACKAGE_OPENJDK_JRE_BIN_(JLINK|JDK)=y' "${FRAGMENT}"; then
		groups+=(buildroot-jdk)
	fi
	"${REPO}/tests/deps.sh" "${groups[@]}"
	command -v "qemu-system-${ARCH}" >/dev/null || skip "qemu-system-${ARCH} missing"
	BUILDROOT_DIR=$(cd "${BUILDROOT_DIR}" && pwd -P)
	OFFLINE=$(cd "${OFFLINE}" && pwd -P)
	WORK=${DEVMAP_BR_WORK:-${TMPDIR:-/tmp}/devmap-br}
	mkdir -p "${WORK}"
	WORK=$(cd "${WORK}" && pwd -P)
	O=${WORK}/out-${ARCH}
	LOG_TAG=${ARCH}${VARIANT:+-${VARIANT}}
	export BR2_DL_DIR=${BR2_DL_DIR:-${WORK}/dl}
	export BR2_JLEVEL=${BR2_JLEVEL:-$(nproc)}
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	HOST_JDK=${HOST_JDK:-$(find /usr/lib/jvm -maxdepth 1 -name 'java-17-openjdk-*' | head -n 1)}
	mkdir -p "${BR2_DL_DIR}"

	echo "TAP version 13"
	N=0
	FAILED=0
	if [ -n "${VARIANT}" ]; then
		if [ ! -f "${O}/.config" ]; then
			BASE=${DEVMAP_BR_BASE:-}
			if [ -z "${BASE}" ] || [ ! -f "${BASE}/.config" ]; then
				skip "--variant ${VARIANT}: no output of the plain build in DEVMAP_BR_BASE='${BASE}'"
			fi
			BASE=$(cd "${BASE}" && pwd -P)
			step "copy of the plain build ${BASE}" copy_base
		fi
		step "this tree's packages cleaned, to be rebuilt from ${REPO}" clean_tree_packages
		step "fragment ${VARIANT}.config merged" \
			merge_fragment "${FRAGMENT}" "${O}" BR2_EXTERNAL="${REPO}"
		if grep -Eq '^BR2_PACKAGE_OPENJDK_JRE_BIN_(JLINK|JDK)=y' "${FRAGMENT}"; then
			step "Debian JDK (target jmods, same-version host jlink) for openjdk-jre-bin" java_jdk
		fi
		step "target directory emptied, to be installed again" clean_target
	elif [ "${REUSE}" -eq 0 ] || [ ! -f "${O}/.config" ]; then
		step "toolchain from Debian's gcc" "${OFFLINE}/make-toolchain.sh" "${ARCH}" "${WORK}/tc-${ARCH}"
		step "busybox source from Debian" "${OFFLINE}/fetch-sources.sh" "${BR2_DL_DIR}" "${BUILDROOT_DIR}"
		step "${DEFCONFIG} loads" configure
		step "Debian JRE for openjdk-jre-bin" java_runtime
		step "make (whole image)" make -C "${O}"
	else
		step "this tree's packages cleaned, to be rebuilt from ${REPO}" clean_tree_packages
	fi
	step "guest programs and checks overlay" add_checks_overlay
	step "make (image with the checks overlay)" make -C "${O}"
	[ "${BOOT}" = 0 ] || boot
	echo "1..${N}"
	echo "# ${FAILED} of ${N} failed; logs in ${WORK}"
	[ "${FAILED}" -eq 0 ]
}

configure() {
	rm -rf "${O}"
	make -C "${BUILDROOT_DIR}" BR2_EXTERNAL="${REPO}" O="${O}" "${DEFCONFIG}"
	"${OFFLINE}/offline-config.sh" O="${O}" ARCH="${ARCH}" TOOLCHAIN="${WORK}/tc-${ARCH}"
	"${OFFLINE}/preseed-host-tools.sh" O="${O}" HOST_JDK="${HOST_JDK}"
	# The preseed marks every host package as built; this tree's own
	# host packages download from Maven Central and really are built.
	rm -rf "${O}"/build/host-ant-* "${O}"/build/host-jna-*
}

# The variant's own output directory, from the plain build's. Symbolic
# links into the base (staging) are pointed at the copy, so that
# nothing the variant installs lands in the base.
copy_base() {
	local l t
	rm -rf "${O}"
	cp -a "${BASE}" "${O}.tmp"
	while IFS= read -r l; do
		t=$(readlink "${l}")
		ln -sfn "${O}${t#"${BASE}"}" "${l}"
	done < <(find "${O}.tmp" -type l -lname "${BASE}/*")
	# busybox installs with its kbuild, which rebuilds everything when a
	# command line (with the output's path) differs from its .cmd files
	find "${O}.tmp"/build/busybox-* -name '.*.cmd' -print0 |
		xargs -0 -r sed -i "s|${BASE}/|${O}/|g"
	# the links were made for the final name
	mv "${O}.tmp" "${O}"
	[ -z "$(find "${O}" -type l -lname "${BASE}/*")" ]
}

# The manual's partial rebuild ("Understanding when a full rebuild is
# necessary"): an empty target directory and no target-installed stamps,
# so that every package installs again from its build directory.
clean_target() {
	rm -rf "${O}/target"
	find "${O}/build" -maxdepth 2 -name .stamp_target_installed -delete
	find "${O}/build" -maxdepth 2 -name .stamp_images_installed -delete
}

java_runtime() {
	"${OFFLINE}/java-runtime.sh" "${ARCH}" "${WORK}/jre-${ARCH}"
	echo "OPENJDK_JRE_BIN_OVERRIDE_SRCDIR = ${WORK}/jre-${ARCH}" >"${O}/local.mk"
}

# The jlink and JDK runtimes offline: Debian's openjdk-17-jdk-headless
# for the target (the harness's java-runtime.sh with EXTRA_DEBS, in a
# private apt state) stands in for Temurin's JDK archive, and the amd64
# JDK of the same Debian version is its host-jdk/ (jlink links only jmods
# of its own version). The class-data archive is dumped by QEMU user
# mode: Debian's qemu-user-static stands in for host-qemu's.
java_jdk() {
	local dest=${WORK}/jdk-${ARCH} apt=${WORK}/apt-${ARCH} deb ver root qarch=${ARCH}
	if [ ! -x "${dest}/host-jdk/bin/jlink" ]; then
		EXTRA_DEBS=openjdk-17-jdk-headless APT_STATE_DIR=${apt} \
			"${OFFLINE}/java-runtime.sh" "${ARCH}" "${dest}"
		deb=$(find "${apt}/debs" -name 'openjdk-17-jdk-headless_*.deb' | head -n 1)
		ver=$(dpkg-deb -f "${deb}" Version)
		root=$(mktemp -d)
		(cd "${root}" && apt-get download -q "openjdk-17-jdk-headless:amd64=${ver}" \
			"openjdk-17-jre-headless:amd64=${ver}")
		for deb in "${root}"/*.deb; do
			dpkg -x "${deb}" "${root}/x"
		done
		# Debian's links into /etc, as java-runtime.sh does
		find "${root}/x/usr/lib/jvm/java-17-openjdk-amd64" -type l -lname '/etc/*' |
			while read -r l; do
				t=$(readlink "${l}")
				if [ -e "${root}/x${t}" ]; then
					rm "${l}"
					cp -rL "${root}/x${t}" "${l}"
				fi
			done
		rm -rf "${dest}/host-jdk"
		mv "${root}/x/usr/lib/jvm/java-17-openjdk-amd64" "${dest}/host-jdk"
		rm -rf "${root}"
		echo "${ver}" >"${dest}/VERSION"
	fi
	echo "Debian OpenJDK $(cat "${dest}/VERSION"): target $(du -sh "${dest}/usr" | cut -f1), host jlink $("${dest}/host-jdk/bin/jlink" --version)"
	echo "OPENJDK_JRE_BIN_OVERRIDE_SRCDIR = ${dest}" >"${O}/local.mk"
	[ -x "/usr/bin/qemu-${qarch}-static" ] || {
		echo "no /usr/bin/qemu-${qarch}-static (qemu-user-static: tests/deps.sh buildroot-jdk)"
		return 1
	}
	ln -sf "/usr/bin/qemu-${qarch}-static" "${O}/host/bin/qemu-${qarch}"
}

add_checks_overlay() {
	local ov=${WORK}/checks-overlay cc windows p
	cc=$(make -s -C "${O}" printvars VARS=TARGET_CC | sed 's/^TARGET_CC=//')
	[ -x "${cc}" ] || return 1
	rm -rf "${ov}"
	mkdir -p "${ov}/usr/libexec/devmap-test" "${ov}/etc/init.d"
	for p in map_example devmap_test runas; do
		# -I driver: devmap_test.c uses the driver's ioctl header
		"${cc}" -O2 -Wall -I "${REPO}/driver" -o "${ov}/usr/libexec/devmap-test/${p}" \
			"${REPO}/tests/vm/guest/${p}.c" || return 1
	done
	install -m 0755 "${REPO}/tests/buildroot/guest-checks.sh" \
		"${ov}/etc/init.d/S99devmap-checks"
	install -m 0644 "${REPO}/tests/board/checks.sh" \
		"${ov}/usr/libexec/devmap-test/checks.sh"
	# Expected values, from the defconfig
	windows=$(sed -n 's/^BR2_PACKAGE_DEVMAP_WINDOWS="\(.*\)"$/\1/p' "${O}/.config")
	{
		echo "GROUP=$(kconfig_string "${O}/.config" GROUP)"
		echo "MODE=$(ls_mode "$(kconfig_string "${O}/.config" MODE)")"
		echo "MODE_OCTAL=$(kconfig_string "${O}/.config" MODE)"
		echo "DEV_MODE=$(dev_mode)"
		# devtmpfs alone applies no group: the node stays root's
		if [ "$(dev_mode)" = devtmpfs ]; then
			echo "NODE_GROUP=root"
		else
			echo "NODE_GROUP=$(kconfig_string "${O}/.config" GROUP)"
		fi
		echo "STATIC_MAJOR=$(sed -n 's/^DEVMAP_STATIC_MAJOR = //p' "${REPO}/package/devmap/devmap.mk")"
		echo "JAVA_RUNTIME=$(java_runtime_kind)"
		echo "JLINK_MODULES=$(sed -n 's/^BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK_MODULES="\(.*\)"$/\1/p' "${O}/.config")"
		echo "VARIANT=${VARIANT}"
		echo "BUFFER_SIZE=$(kconfig_string "${O}/.config" BUFFER_SIZE)"
		echo "WINDOW=$(echo "${windows}" | cut -d: -f1)"
		echo "WINDOW_PHYS=$(echo "${windows}" | cut -d: -f2)"
		echo "WINDOW_SIZE=$(($(echo "${windows}" | cut -d: -f3 | sed 's/M$/*1048576/; s/K$/*1024/')))"
	} >"${ov}/etc/devmap-checks.conf" || return 1
	cat "${ov}/etc/devmap-checks.conf"
	sed -i '/^BR2_ROOTFS_OVERLAY=/d' "${O}/.config" || return 1
	echo "BR2_ROOTFS_OVERLAY=\"${ov}\"" >>"${O}/.config"
	make -C "${O}" olddefconfig
}

# BOOT_TIMEOUT, or the variant's own if it is longer (building on the
# board under TCG takes minutes)
boot_timeout() {
	local t=${BOOT_TIMEOUT:-900} f=0
	if [ -n "${FRAGMENT}" ]; then
		f=$(sed -n 's/^# devmap-boot-timeout: *\([0-9]*\)$/\1/p' "${FRAGMENT}")
	fi
	echo $((${f:-0} > t ? ${f:-0} : t))
}

# The fragment's "# devmap-cmdline: WORDS" lines, each with a leading space
cmdline_extra() {
	sed -n 's/^# devmap-cmdline: */ /p' "${FRAGMENT}" | tr -d '\n'
}

dev_mode() {
	if grep -qx BR2_ROOTFS_DEVICE_CREATION_STATIC=y "${O}/.config"; then
		echo static
	elif grep -qx BR2_ROOTFS_DEVICE_CREATION_DYNAMIC_MDEV=y "${O}/.config"; then
		echo mdev
	elif grep -qx BR2_ROOTFS_DEVICE_CREATION_DYNAMIC_EUDEV=y "${O}/.config"; then
		echo eudev
	else
		echo devtmpfs
	fi
}

java_runtime_kind() {
	if grep -qx BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK=y "${O}/.config"; then
		echo jlink
	elif grep -qx BR2_PACKAGE_OPENJDK_JRE_BIN_JDK=y "${O}/.config"; then
		echo jdk
	else
		echo jre
	fi
}

# The QEMU line of the board's readme.txt (as start-qemu.sh), with the
# images of ${O}, TCG, no reboot, and the checks enabled.
qemu_cmd() {
	sed -r ':a; /\\$/N; s/\\\n//; s/\t/ /; ta; /# '"${DEFCONFIG}"'$/!d; s/#.*//' \
		"${REPO}"/board/qemu/*/readme.txt |
		sed -e "s|output/images/|${O}/images/|g" \
			-e 's|^ *||' \
			-r -e 's/(console=tty(AMA0|S0))/\1 panic=-1 devmap_checks=1/'
}

boot() {
	local cmd log=${WORK}/console-${LOG_TAG}.log start
	cmd=$(qemu_cmd)
	if [ -n "${VARIANT}" ]; then
		cmd=$(echo "${cmd}" | sed -r "s/(devmap_checks=1)/\1 devmap_variant=${VARIANT}$(cmdline_extra)/")
	fi
	echo "# ${cmd} -accel tcg -no-reboot"
	start=$(date +%s)
	# The readme's line quotes its arguments (-append "..."): split it
	# into an array as the shell would (xargs honours the quotes), no eval
	local qemu=()
	mapfile -d '' qemu < <(printf '%s' "${cmd}" | xargs printf '%s\0')
	timeout "$(boot_timeout)" "${qemu[@]}" -accel tcg -no-reboot \
		</dev/null >"${log}" 2>&1 &
	watch_console "${log}" $! "${start}"
	console_results "${log}" "${WORK}/guest-${LOG_TAG}.tap" "${start}" boots
}

main "$@"
