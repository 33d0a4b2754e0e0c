#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# variants.sh SNAPSHOT_DIR OFFLINE_DIR [VARIANT...]: build and boot the
# QEMU aarch64 image's variants (tests/buildroot/fragments/*.config, or
# the ones named) with their board checks.
#
#   tests/buildroot/variants.sh ../shared/buildroot ../shared/offline static
#
# Starts from the plain build that ci.sh (make ci-buildroot) keeps in the
# cache, which must be there: ${CACHE}/qemu-aarch64-<key>/ with its
# "complete" stamp. Each variant has its own work directory beside it,
# ${CACHE}/qemu-aarch64-<key>-<variant>/, whose output directory is a copy
# of the plain build's, made once (build-qemu.sh --variant; the plain
# build is never modified): the key names what the kernel, busybox and
# toolchain are made from, and ci.sh removes every qemu-aarch64-* folder
# but its own before a cold build, the variants with them. Later runs
# rebuild this tree's packages, the target directory and the images.
# Prints each variant's TAP and time; exits 1 if one failed, 4 (skip)
# if the Buildroot snapshot or the plain build is missing.
set -eu

# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

main() {
	local snapdir=${1:-} offline=${2:-} tarball sum base v rc=0 t0 t1 work
	if [ -z "${snapdir}" ] || [ -z "${offline}" ]; then
		echo "usage: $0 SNAPSHOT_DIR OFFLINE_DIR [VARIANT...]" >&2
		exit 2
	fi
	shift 2
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	CACHE=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/buildroot
	tarball=$(find "${snapdir}" -maxdepth 1 -name 'buildroot-*.tar.xz' | LC_ALL=C sort | tail -n 1)
	[ -n "${tarball}" ] || skip "no buildroot-*.tar.xz in '${snapdir}'"
	sum=$(sha256sum "${tarball}" | cut -c1-16)
	BUILDROOT_DIR=${CACHE}/src/$(basename "${tarball}" .tar.xz)-${sum}
	[ -f "${BUILDROOT_DIR}/Makefile" ] ||
		skip "Buildroot not unpacked in ${BUILDROOT_DIR} (run make ci-buildroot first)"
	export BUILDROOT_DIR
	base=$(plain_build)
	[ -n "${base}" ] ||
		skip "no finished plain build ${CACHE}/qemu-aarch64-<key> (run make ci-buildroot first)"
	# what build-qemu.sh needs for every variant, before the first builds
	"${REPO}/tests/deps.sh" buildroot buildroot-harness buildroot-qemu buildroot-jdk
	echo ">>> buildroot-variants: from ${base}"
	if [ "$#" -eq 0 ]; then
		# shellcheck disable=SC2046 # one name per word
		set -- $(cd "${REPO}/tests/buildroot/fragments" &&
			find . -name '*.config' -printf '%f\n' | sed 's/\.config$//' | LC_ALL=C sort)
	fi
	for v in "$@"; do
		[ -f "${REPO}/tests/buildroot/fragments/${v}.config" ] || {
			echo "$0: unknown variant '${v}' (no tests/buildroot/fragments/${v}.config)" >&2
			exit 2
		}
	done
	for v in "$@"; do
		work=${base}-${v}
		mkdir -p "${work}"
		t0=$(date +%s)
		echo ">>> variant ${v}"
		rm -f "${work}/complete"
		if DEVMAP_BR_WORK=${work} DEVMAP_BR_BASE=${base}/out-aarch64 \
			BR2_DL_DIR=${CACHE}/dl BR2_JLEVEL=${BR2_JLEVEL:-2} \
			"${REPO}/tests/buildroot/build-qemu.sh" --variant "${v}" aarch64 "${offline}"; then
			touch "${work}/complete"
		else
			rc=1
		fi
		t1=$(date +%s)
		echo ">>> variant ${v}: $((t1 - t0)) s"
	done
	return "${rc}"
}

# The newest plain build (qemu-aarch64-<16 hex digits>) that finished
plain_build() {
	find "${CACHE}" -maxdepth 1 -type d -regextype posix-extended \
		-regex '.*/qemu-aarch64-[0-9a-f]{16}' \
		-exec test -f '{}/complete' ';' -printf '%T@ %p\n' |
		sort -n | tail -n 1 | cut -d' ' -f2-
}

main "$@"
