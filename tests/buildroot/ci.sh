#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# ci.sh [--build-only] SNAPSHOT_DIR OFFLINE_DIR: Buildroot in CI.
#
#   tests/buildroot/ci.sh ../shared/buildroot ../shared/offline
#
# 1. Unpacks SNAPSHOT_DIR/buildroot-*.tar.xz (an unmodified Buildroot
#    `git archive`) into the cache, keyed by the tarball's name and sha256.
# 2. Runs check.sh against it (make check-buildroot).
# 3. Builds and boots the QEMU aarch64 image with the offline harness of
#    OFFLINE_DIR (build-qemu.sh aarch64). The output directory lives in the
#    cache, keyed by what the slow parts (toolchain, kernel, busybox) are
#    made from: the Buildroot snapshot, the defconfig, board/qemu, the
#    harness and the Debian toolchain and kernel source versions. When a
#    finished build with the same key exists, it is reused (--reuse): this
#    tree's packages are rebuilt from the clone, then the images, and the
#    kernel and busybox are not. Other keys' output directories are removed
#    before a cold build (each is a few GB). One build per cache at a
#    time: a second caller waits for the first and then reuses its build.
#
# --build-only does step 1 and the build of step 3 (no check, no boot), so
# that CI can build the image while the QEMU boards of make test run, and
# boot it later with a warm ci.sh.
#
# Cache: ${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/buildroot/
#   src/<snapshot>-<sha>/      unpacked Buildroot
#   dl/                        BR2_DL_DIR (busybox, Maven Central jars)
#   qemu-aarch64-<key>/        build-qemu.sh work dir (toolchain, JRE, output)
# Exits non-zero if a step fails; prints each step's time.
set -eu

main() {
	BUILD_ONLY=0
	if [ "${1:-}" = --build-only ]; then
		BUILD_ONLY=1
		shift
	fi
	local snapdir=${1:-} offline=${2:-} tarball sum rc=0 t0
	if [ -z "${snapdir}" ] || [ -z "${offline}" ]; then
		echo "usage: $0 [--build-only] SNAPSHOT_DIR OFFLINE_DIR" >&2
		exit 2
	fi
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	CACHE=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/buildroot
	tarball=$(find "${snapdir}" -maxdepth 1 -name 'buildroot-*.tar.xz' | LC_ALL=C sort | tail -n 1)
	if [ -z "${tarball}" ]; then
		echo "ci.sh: no buildroot-*.tar.xz in '${snapdir}'" >&2
		exit 1
	fi
	[ -x "${offline}/offline-config.sh" ] || {
		echo "ci.sh: '${offline}' is not the offline harness (no offline-config.sh)" >&2
		exit 1
	}
	offline=$(cd "${offline}" && pwd -P)
	# Every package the steps below need, before any of them builds
	"${REPO}/tests/deps.sh" buildroot buildroot-harness buildroot-qemu
	mkdir -p "${CACHE}"

	t0=$(date +%s)
	sum=$(sha256sum "${tarball}" | cut -c1-16)
	BUILDROOT_DIR=${CACHE}/src/$(basename "${tarball}" .tar.xz)-${sum}
	unpack "${tarball}" "${BUILDROOT_DIR}"
	export BUILDROOT_DIR
	echo ">>> buildroot: ${BUILDROOT_DIR} ($(($(date +%s) - t0)) s)"

	if [ "${BUILD_ONLY}" = 0 ]; then
		t0=$(date +%s)
		"${REPO}/tests/buildroot/check.sh" || rc=1
		echo ">>> check-buildroot: $(($(date +%s) - t0)) s"
	fi

	t0=$(date +%s)
	qemu_aarch64 "${offline}" || rc=1
	echo ">>> buildroot-qemu-aarch64: $(($(date +%s) - t0)) s"
	return "${rc}"
}

# unpack TARBALL DIR: once; a half-unpacked folder is never used
unpack() {
	[ -f "$2/Makefile" ] && return 0
	rm -rf "$2.tmp"
	mkdir -p "$2.tmp"
	tar -C "$2.tmp" -xJf "$1"
	rm -rf "$2"
	mv "$2.tmp" "$2"
}

qemu_aarch64() {
	local offline=$1 key work reuse=() d boot=()
	# (the toolchain and kernel source are installed at the start, so that
	# the key sees the versions the build uses)
	# The harness takes the newest /usr/src/linux-source-*; pin bookworm's
	# own so that another kernel source on the machine changes nothing.
	export LINUX_TARBALL=/usr/src/linux-source-6.1.tar.xz
	key=$(key_inputs "${offline}" | sha256sum | cut -c1-16)
	work=${CACHE}/qemu-aarch64-${key}
	exec 8>"${CACHE}/qemu-aarch64.lock"
	if ! flock -n 8; then
		echo ">>> buildroot-qemu-aarch64: waiting for the build that holds ${CACHE}/qemu-aarch64.lock"
		flock 8
	fi
	echo ">>> buildroot-qemu-aarch64: key ${key}:"
	key_inputs "${offline}" | sed 's/^/    /'
	if [ -f "${work}/complete" ] && [ -f "${work}/out-aarch64/.config" ]; then
		echo ">>> warm: reusing ${work} (kernel, busybox, toolchain kept)"
		reuse=(--reuse)
	else
		echo ">>> cold: building in ${work}"
		for d in "${CACHE}"/qemu-aarch64-*; do
			[ -d "${d}" ] && [ "${d}" != "${work}" ] && rm -rf "${d}"
		done
		rm -rf "${work}"
	fi
	[ "${BUILD_ONLY}" = 0 ] || boot=(--no-boot)
	mkdir -p "${work}" "${CACHE}/dl"
	DEVMAP_BR_WORK=${work} BR2_DL_DIR=${CACHE}/dl BR2_JLEVEL=${BR2_JLEVEL:-2} \
		"${REPO}/tests/buildroot/build-qemu.sh" "${reuse[@]}" "${boot[@]}" \
		aarch64 "${offline}" || return 1
	touch "${work}/complete"
}

# What the cached toolchain, kernel and busybox are made from, one per line
key_inputs() {
	local offline=$1
	echo "buildroot $(basename "${BUILDROOT_DIR}")"
	# shellcheck disable=SC2046 # one file per word; paths have no spaces
	(cd "${REPO}" && sha256sum configs/devmap_qemu_aarch64_virt_defconfig \
		$(find board/qemu -type f | LC_ALL=C sort))
	(cd "${offline}" && sha256sum ./*.sh ./*.config)
	dpkg-query -W -f '${Package} ${Version}\n' gcc-aarch64-linux-gnu \
		libc6-dev-arm64-cross linux-source-6.1 2>/dev/null | LC_ALL=C sort
}

main "$@"
