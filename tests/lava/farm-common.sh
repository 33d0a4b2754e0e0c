# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Helpers of the board farm runs (tests/lava/run.sh, tests/labgrid/run.sh),
# sourced after tests/buildroot/tap.sh and common.sh (result, skip).
#
# cached_image: the QEMU aarch64 image that make ci-buildroot cached; sets
#   IMAGES     its output/images folder (Image, rootfs.ext4)
#   IMAGE_TAP  the TAP lines its checks printed when ci-buildroot booted it
#              (guest-aarch64.tap): the count and names a farm run must give
# or skips (exit 4) saying what is missing. DEVMAP_FARM_IMAGES and
# DEVMAP_FARM_TAP name another image and its TAP. The image must carry
# this tree's checks (guest-checks.sh and checks.sh, read from its
# rootfs.ext4 with debugfs): the farm runs them with "run", which older
# images do not know.

cached_image() {
	local cache d found=""
	if [ -n "${DEVMAP_FARM_IMAGES:-}" ]; then
		IMAGES=${DEVMAP_FARM_IMAGES}
		IMAGE_TAP=${DEVMAP_FARM_TAP:-}
		[ -n "${IMAGE_TAP}" ] || skip "DEVMAP_FARM_IMAGES is set, DEVMAP_FARM_TAP (its TAP) is not"
	else
		cache=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/buildroot
		# ci.sh's folders are qemu-aarch64-<16 hex digits>; variants
		# add -<name>. The newest finished one.
		while IFS= read -r d; do
			if [[ "$(basename "${d}")" =~ ^qemu-aarch64-[0-9a-f]{16}$ ]] &&
				[ -f "${d}/complete" ]; then
				found=${d}
				break
			fi
		done < <(find "${cache}" -maxdepth 1 -name 'qemu-aarch64-*' -printf '%T@ %p\n' 2>/dev/null |
			sort -rn | cut -d' ' -f2-)
		[ -n "${found}" ] ||
			skip "no QEMU aarch64 image cached by make ci-buildroot in ${cache} (run make ci-buildroot first)"
		IMAGES=${found}/out-aarch64/images
		IMAGE_TAP=${found}/guest-aarch64.tap
	fi
	local f
	for f in "${IMAGES}/Image" "${IMAGES}/rootfs.ext4" "${IMAGE_TAP}"; do
		[ -s "${f}" ] || skip "the cached image has no ${f}"
	done
	grep -Eq '^(ok|not ok) - ' "${IMAGE_TAP}" ||
		skip "${IMAGE_TAP} holds no TAP line: the image's checks did not run when it was built"
	IMAGES=$(cd "${IMAGES}" && pwd -P)
	command -v debugfs >/dev/null || skip "debugfs missing (e2fsprogs)"
	image_has "${REPO}/tests/buildroot/guest-checks.sh" /etc/init.d/S99devmap-checks
	image_has "${REPO}/tests/board/checks.sh" /usr/libexec/devmap-test/checks.sh
}

# image_has FILE PATH: PATH in the image's rootfs.ext4 is this tree's FILE
image_has() {
	debugfs -R "cat $2" "${IMAGES}/rootfs.ext4" 2>/dev/null | cmp -s - "$1" ||
		skip "the cached image's $2 is not this tree's $(basename "$1") (built from another commit: make ci-buildroot builds it again)"
}

# renumber TAP: farm-results.py's lines, numbered on from N (result);
# its plan goes, its comments stay
renumber() {
	local line
	while IFS= read -r line; do
		case "${line}" in
		"ok "[0-9]*) result 0 "${line#ok * - }" ;;
		"not ok "[0-9]*) result 1 "${line#not ok * - }" ;;
		1..*) ;;
		*) echo "${line}" ;;
		esac
	done <<<"$1"
}
