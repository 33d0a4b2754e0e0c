#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# build-rpi4.sh [--reuse] [OFFLINE_DIR]
#
# Builds configs/devmap_raspberrypi4_64_defconfig, unchanged, with a real
# Buildroot on a host without Buildroot's downloads, using the offline
# harness (as build-qemu.sh does) and, for the sources the harness does not
# cover, Debian's source of the same or nearest version through Buildroot's
# <PKG>_OVERRIDE_SRCDIR in the output directory's local.mk:
#   kmod, xz        the upstream tarballs of the same versions, as Debian
#                   sid ships them (*.orig.tar.xz)
#   rpi-firmware    Debian's raspi-firmware (trixie, non-free-firmware)
#   linux           Debian's linux-source-6.12 (mainline) in place of the
#                   raspberrypi/linux fork, with tests/buildroot/rpi4/
#                   bcm2711_defconfig and a stand-in for each DTS of the
#                   defconfig that mainline lacks
# Then runs check-rpi4-image.sh on output/images/sdcard.img and boots it
# on QEMU's raspi4b with the board checks (boot-rpi4.sh). Prints TAP, the
# substitutions (also in ${WORK}/rpi4-substitutes.txt); exits 0 only if
# every step and check passed, 4 if a prerequisite is missing (skip).
#
# Environment: BUILDROOT_DIR (required), DEVMAP_OFFLINE_DIR, BR2_DL_DIR,
# HOST_JDK, BR2_JLEVEL as for build-qemu.sh; DEVMAP_BR_WORK, the work
# folder (default ${DEVMAP_CACHE:-~/.cache/devmap}/buildroot/rpi4).
#
# Cache: the work folder keeps the output directory. Its key (printed, in
# ${WORK}/key) is a hash of what the slow parts are made from: the
# Buildroot tree's name, the defconfig, board/raspberrypi4-64,
# tests/buildroot/rpi4, the harness, and the Debian versions of the cross
# toolchain and kernel source. When a finished build with the same key is
# there (or with --reuse), this tree's packages are rebuilt from this
# clone, then the images; the kernel, toolchain and the rest are kept.
# Otherwise the output directory is built from scratch.
set -eu

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

DEFCONFIG=devmap_raspberrypi4_64_defconfig
KERNEL_DEB=linux-source-6.12
FIRMWARE_SUITE=trixie

main() {
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	REUSE=0
	if [ "${1:-}" = "--reuse" ]; then
		REUSE=1
		shift
	fi
	OFFLINE=${1:-${DEVMAP_OFFLINE_DIR:-}}
	[ -n "${BUILDROOT_DIR:-}" ] || skip "BUILDROOT_DIR not set"
	[ -n "${OFFLINE}" ] || skip "no harness directory (argument or DEVMAP_OFFLINE_DIR)"
	[ -x "${OFFLINE}/offline-config.sh" ] || skip "${OFFLINE} has no offline-config.sh"
	# Every package the steps need, the image checks' and the emulated
	# Pi's included, before any of them builds
	"${REPO}/tests/deps.sh" buildroot buildroot-harness rpi4
	BUILDROOT_DIR=$(cd "${BUILDROOT_DIR}" && pwd -P)
	OFFLINE=$(cd "${OFFLINE}" && pwd -P)
	WORK=${DEVMAP_BR_WORK:-${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/buildroot/rpi4}
	mkdir -p "${WORK}"
	WORK=$(cd "${WORK}" && pwd -P)
	O=${WORK}/out-rpi4
	LOG_TAG=rpi4
	echo "TAP version 13"
	KEY=$(key_inputs | sha256sum | cut -c1-16)
	echo "# key ${KEY}:"
	key_inputs | sed 's/^/#     /'
	if [ -f "${O}/.config" ] && [ -f "${WORK}/complete" ] &&
		[ "$(cat "${WORK}/key" 2>/dev/null)" = "${KEY}" ]; then
		echo "# warm: a finished build with this key is in ${O}"
		REUSE=1
	fi
	SRC=${WORK}/rpi4-src
	export BR2_DL_DIR=${BR2_DL_DIR:-${WORK}/dl}
	export BR2_JLEVEL=${BR2_JLEVEL:-$(nproc)}
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	HOST_JDK=${HOST_JDK:-$(find /usr/lib/jvm -maxdepth 1 -name 'java-17-openjdk-*' | head -n 1)}
	mkdir -p "${BR2_DL_DIR}"

	N=0
	FAILED=0
	if [ "${REUSE}" -eq 0 ] || [ ! -f "${O}/.config" ]; then
		rm -f "${WORK}/complete"
		echo "${KEY}" >"${WORK}/key"
		step "toolchain from Debian's gcc" "${OFFLINE}/make-toolchain.sh" aarch64 "${WORK}/tc-aarch64"
		step "busybox source from Debian" "${OFFLINE}/fetch-sources.sh" "${BR2_DL_DIR}" "${BUILDROOT_DIR}"
		step "kmod, xz, Pi firmware and kernel sources from Debian" debian_sources
		step "Debian JRE for openjdk-jre-bin" "${OFFLINE}/java-runtime.sh" aarch64 "${WORK}/jre-aarch64"
		step "${DEFCONFIG} loads; local.mk (<PKG>_OVERRIDE_SRCDIR) and the offline harness applied" configure
		step "make (whole image)" make -C "${O}"
	else
		step "this tree's packages cleaned, to be rebuilt from ${REPO}" clean_tree_packages
		step "make (images)" make -C "${O}"
	fi
	# the slow parts are built: a later run with this key reuses them
	touch "${WORK}/complete"
	echo "# substitutes (${WORK}/rpi4-substitutes.txt):"
	sed 's/^/#   /' "${WORK}/rpi4-substitutes.txt"
	step "sdcard.img checks (check-rpi4-image.sh)" \
		"${REPO}/tests/buildroot/check-rpi4-image.sh" "${O}/images"
	sed 's/^/# /' "${WORK}/step-rpi4-${N}.log"
	step "boot on QEMU raspi4b with the board checks (boot-rpi4.sh)" \
		"${REPO}/tests/buildroot/boot-rpi4.sh" "${O}"
	sed 's/^/# /' "${WORK}/step-rpi4-${N}.log"
	echo "1..${N}"
	echo "# $((N - FAILED)) passed, ${FAILED} failed; logs in ${WORK}"
	[ "${FAILED}" -eq 0 ]
}

# What the output directory's slow parts are made from, one per line
key_inputs() {
	echo "buildroot $(basename "${BUILDROOT_DIR}")"
	# shellcheck disable=SC2046 # one file per word; paths have no spaces
	(cd "${REPO}" && sha256sum "configs/${DEFCONFIG}" \
		$(find board/raspberrypi4-64 tests/buildroot/rpi4 -type f | LC_ALL=C sort))
	(cd "${OFFLINE}" && sha256sum ./*.sh ./*.config)
	dpkg-query -W -f '${Package} ${Version}\n' gcc-aarch64-linux-gnu \
		libc6-dev-arm64-cross 2>/dev/null | LC_ALL=C sort
	apt-cache show --no-all-versions "${KERNEL_DEB}" 2>/dev/null |
		sed -n "s/^Version: /${KERNEL_DEB} /p"
}

# Private apt state: sid's sources and the firmware suite's arm64
# non-free-firmware, without touching the host's apt configuration.
APT_STATE=
apt_private() {
	if [ -z "${APT_STATE}" ]; then
		APT_STATE=${WORK}/apt
		mkdir -p "${APT_STATE}/lists/partial" "${APT_STATE}/cache/archives/partial"
		{
			echo "deb-src http://deb.debian.org/debian sid main"
			echo "deb [arch=arm64] http://deb.debian.org/debian ${FIRMWARE_SUITE} non-free-firmware"
		} >"${APT_STATE}/sources.list"
		apt_private_cmd update -qq
	fi
	apt_private_cmd "$@"
}

apt_private_cmd() {
	local cmd=apt-get
	[ "$1" = showsrc ] && cmd=apt-cache
	"${cmd}" -o Dir::Etc::sourcelist="${APT_STATE}/sources.list" \
		-o Dir::Etc::sourceparts=- -o Dir::State::Lists="${APT_STATE}/lists" \
		-o Dir::Cache="${APT_STATE}/cache" -o Dir::State::status=/dev/null \
		-o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o APT::Sandbox::User=root "$@"
}

br_version() {
	sed -n "s/^$1_VERSION = //p" "${BUILDROOT_DIR}/package/$2/$2.mk"
}

# debian_upstream SRCPKG BRPKG VERSION: DIR/<brpkg>-<version> from Debian's
# orig tarball of that upstream version
debian_upstream() {
	local src=$1 pkg=$2 ver=$3 debver orig
	debver=$(apt_private showsrc "${src}" | sed -n 's/^Version: //p' |
		grep -E "^([0-9]+:)?${ver//./\\.}-" | head -n 1)
	if [ -z "${debver}" ]; then
		echo "Debian sid has no ${src} ${ver} (Buildroot's ${pkg} version)" >&2
		return 1
	fi
	mkdir -p "${SRC}/debian"
	# the .dsc may be missing on a mirror: only the orig tarball is used
	(cd "${SRC}/debian" && apt_private source --download-only "${src}=${debver}") || true
	orig=$(find "${SRC}/debian" -name "${src}_${ver}.orig.tar.*" | head -n 1)
	[ -n "${orig}" ] || {
		echo "no ${src}_${ver}.orig.tar.* downloaded" >&2
		return 1
	}
	rm -rf "${SRC}/${pkg}-${ver}"
	mkdir -p "${SRC}/${pkg}-${ver}"
	tar -C "${SRC}/${pkg}-${ver}" --strip-components=1 -xf "${orig}"
	echo "${pkg} ${ver}: Debian sid ${src} ${debver}, $(basename "${orig}") (upstream source, Debian patches not applied)" \
		>>"${SUBST}"
}

debian_sources() {
	local kv fwver deb dts stub
	SUBST=${WORK}/rpi4-substitutes.txt.tmp
	: >"${SUBST}"
	rm -rf "${SRC}"
	mkdir -p "${SRC}"
	debian_upstream kmod kmod "$(br_version KMOD kmod)"
	debian_upstream xz-utils xz "$(br_version XZ xz)"

	# Pi firmware: the github tarball's boot/ layout, from Debian's package
	(cd "${SRC}" && apt_private download raspi-firmware)
	deb=$(find "${SRC}" -maxdepth 1 -name 'raspi-firmware_*.deb' | head -n 1)
	fwver=$(dpkg-deb -f "${deb}" Version)
	dpkg-deb -x "${deb}" "${SRC}/raspi-firmware-deb"
	mkdir -p "${SRC}/rpi-firmware/boot/overlays"
	find "${SRC}/raspi-firmware-deb/usr/lib/raspi-firmware" -maxdepth 1 -type f \
		-exec cp {} "${SRC}/rpi-firmware/boot/" \;
	cp "${SRC}"/raspi-firmware-deb/usr/lib/raspi-firmware/overlays/*.dtbo \
		"${SRC}/rpi-firmware/boot/overlays/"
	cp "${SRC}/raspi-firmware-deb/usr/share/doc/raspi-firmware/copyright" \
		"${SRC}/rpi-firmware/boot/LICENCE.broadcom"
	# rpi-firmware installs overlays/overlay_map.dtb, which Debian lacks;
	# an empty map means "no renamed or deprecated overlays"
	printf '/dts-v1/;\n/ { };\n' | dtc -q -I dts -O dtb \
		-o "${SRC}/rpi-firmware/boot/overlays/overlay_map.dtb"
	echo "rpi-firmware: Debian ${FIRMWARE_SUITE} raspi-firmware ${fwver} (start4.elf, fixup4.dat, ...; overlays: $(cd "${SRC}/rpi-firmware/boot/overlays" && echo ./*.dtbo | sed 's|\./||g'); an empty overlay_map.dtb)" \
		>>"${SUBST}"

	# Kernel: Debian's mainline source, with a small bcm2711_defconfig
	(cd "${SRC}" && apt-get -o APT::Sandbox::User=root download "${KERNEL_DEB}")
	deb=$(find "${SRC}" -maxdepth 1 -name "${KERNEL_DEB}_*.deb" | head -n 1)
	kv=$(dpkg-deb -f "${deb}" Version)
	dpkg-deb -x "${deb}" "${SRC}/linux-deb"
	mv "${SRC}/linux-deb/usr/src/${KERNEL_DEB}.tar.xz" "${SRC}/"
	rm -rf "${SRC}/linux-deb" "${deb}"
	mkdir -p "${SRC}/linux"
	tar -C "${SRC}/linux" --strip-components=1 -xJf "${SRC}/${KERNEL_DEB}.tar.xz"
	install -m 0644 "${REPO}/tests/buildroot/rpi4/bcm2711_defconfig" \
		"${SRC}/linux/arch/arm64/configs/bcm2711_defconfig"
	echo "linux: Debian ${KERNEL_DEB} ${kv} (mainline $(make -s -C "${SRC}/linux" kernelversion)) in place of raspberrypi/linux; arch/arm64/configs/bcm2711_defconfig from tests/buildroot/rpi4/" \
		>>"${SUBST}"
	# shellcheck disable=SC2013 # the value is a list of words
	for dts in $(sed -n 's/^BR2_LINUX_KERNEL_INTREE_DTS_NAME="\(.*\)"$/\1/p' \
		"${REPO}/configs/${DEFCONFIG}"); do
		[ -f "${SRC}/linux/arch/arm64/boot/dts/${dts}.dts" ] && continue
		# Mainline has the Compute Module 4 only on its IO board
		stub=${SRC}/linux/arch/arm64/boot/dts/${dts}.dts
		{
			echo "// SPDX-License-Identifier: GPL-2.0"
			echo "// Offline stand-in (build-rpi4.sh): mainline has no ${dts##*/}.dts;"
			echo "// this is bcm2711-rpi-cm4-io.dts under that name. Not for that board."
			echo '#include "bcm2711-rpi-cm4-io.dts"'
		} >"${stub}"
		echo "dtb-\$(CONFIG_ARCH_BCM2835) += ${dts##*/}.dtb" \
			>>"${SRC}/linux/arch/arm64/boot/dts/broadcom/Makefile"
		echo "  ${dts}.dts: not in mainline; a stand-in that includes bcm2711-rpi-cm4-io.dts" >>"${SUBST}"
	done
	mv "${SUBST}" "${WORK}/rpi4-substitutes.txt"
	cat "${WORK}/rpi4-substitutes.txt"
}

configure() {
	local staging
	rm -rf "${O}"
	make -C "${BUILDROOT_DIR}" BR2_EXTERNAL="${REPO}" O="${O}" "${DEFCONFIG}"
	# before the harness's preseed, which marks the host variants of the
	# overridden packages (host-kmod-custom, host-xz-custom) as built
	local_mk
	LINUX_TARBALL=${SRC}/${KERNEL_DEB}.tar.xz \
		"${OFFLINE}/offline-config.sh" O="${O}" ARCH=aarch64 TOOLCHAIN="${WORK}/tc-aarch64"
	"${OFFLINE}/preseed-host-tools.sh" O="${O}" HOST_JDK="${HOST_JDK}"
	rm -rf "${O}"/build/host-ant-* "${O}"/build/host-jna-*
	host_tools
	staging=$(make -s -C "${O}" printvars VARS=STAGING_DIR | sed 's/^STAGING_DIR=//')
	mkdir -p "${staging}/usr/share/aclocal" "${O}/host/share/aclocal"
}

# Host tools this defconfig needs beyond the harness's preseed: the
# harness marks their host packages built, Buildroot calls them in
# $(HOST_DIR)/bin (dtc, meson, ninja, autotools for xz's autoreconf) or
# from PATH (genimage, mkdosfs, mcopy).
host_tools() {
	local t
	for t in dtc fdtoverlay fdtput ninja genimage autoconf autoheader autom4te \
		autoreconf automake aclocal autopoint libtoolize m4 mcopy; do
		ln -sf "$(command -v "${t}")" "${O}/host/bin/${t}"
	done
	ln -sf /sbin/mkfs.vfat "${O}/host/sbin/mkdosfs"
	# Buildroot's cross file names pkg-config the way Meson >= 1.3 reads
	# it; bookworm's Meson 1.0 reads "pkgconfig". A second cross file
	# (Meson merges them) gives it that name too.
	printf "[binaries]\npkgconfig = '%s'\n" "${O}/host/bin/pkgconf" >"${O}/host/etc-meson-pkgconfig.ini"
	# (a link left by an earlier run must not be written through)
	rm -f "${O}/host/bin/meson"
	cat >"${O}/host/bin/meson" <<-EOF
		#!/bin/sh
		# build-rpi4.sh: Debian's meson, plus ${O}/host/etc-meson-pkgconfig.ini
		for a in "\$@"; do
			case "\$a" in
			--cross-file*) exec /usr/bin/meson "\$@" --cross-file="${O}/host/etc-meson-pkgconfig.ini" ;;
			esac
		done
		exec /usr/bin/meson "\$@"
	EOF
	chmod +x "${O}/host/bin/meson"
}

local_mk() {
	{
		echo "# Written by tests/buildroot/build-rpi4.sh: Debian sources for what cannot be downloaded"
		echo "OPENJDK_JRE_BIN_OVERRIDE_SRCDIR = ${WORK}/jre-aarch64"
		echo "KMOD_OVERRIDE_SRCDIR = ${SRC}/kmod-$(br_version KMOD kmod)"
		echo "XZ_OVERRIDE_SRCDIR = ${SRC}/xz-$(br_version XZ xz)"
		echo "RPI_FIRMWARE_OVERRIDE_SRCDIR = ${SRC}/rpi-firmware"
		echo "LINUX_OVERRIDE_SRCDIR = ${SRC}/linux"
	} >"${O}/local.mk"
	cat "${O}/local.mk"
	grep -q "openjdk-17-jre" "${WORK}/rpi4-substitutes.txt" ||
		echo "openjdk-jre-bin: Debian bookworm openjdk-17-jre-headless (arm64), by the harness's java-runtime.sh" \
			>>"${WORK}/rpi4-substitutes.txt"
}

main "$@"
