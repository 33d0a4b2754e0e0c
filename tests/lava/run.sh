#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run.sh: devmap's board checks through LAVA, offline, with the dispatcher
# alone (Debian 12's lava-dispatcher; no lava-server):
#
#   1. lava-run --validate of job-qemu-x86_64.yaml and job-rpi4.yaml
#      against their device configurations: device-qemu.jinja2 and
#      device-rpi4.jinja2 rendered for each job by render-device.py with
#      LAVA's device-type templates (lava-server's, GPL-3.0-or-later, so
#      not kept here: Debian's lava-server package of the dispatcher's
#      version, unpacked into the cache);
#   2. a real lava-run of job-qemu-aarch64.yaml on the QEMU aarch64 image
#      that make ci-buildroot cached (farm-common.sh), the images given as
#      file://, the test definition devmap-board-checks.yaml taken from
#      this repository with git (as committed);
#   3. its results checked by farm-results.py: every case pass, as many
#      as the image's own TAP lines, with their names.
#
# LAVA writes its test overlay into its copy of rootfs.ext4 with
# libguestfs, whose appliance boots the worker's kernel from /boot: where
# /boot has none (a container), Debian's linux-image package is unpacked
# into the cache for it (SUPERMIN_KERNEL). Prints TAP; exits 0 only if
# everything passed, 4 (skip) when lava-run or the cached image is missing.
# DEVMAP_FARM_WORK: work folder (default ${TMPDIR:-/tmp}/devmap-lava).
set -eu

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/../buildroot/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/../buildroot/common.sh"
# shellcheck source=tests/lava/farm-common.sh
. "$(dirname "$0")/farm-common.sh"

main() {
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	HERE=${REPO}/tests/lava
	CACHE=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}
	[ -x /usr/bin/lava-run ] || skip "lava-run missing (Debian's lava-dispatcher: make deps-farm)"
	[ "$(id -u)" = 0 ] || skip "lava-run runs as root only"
	cached_image
	WORK=${DEVMAP_FARM_WORK:-${TMPDIR:-/tmp}/devmap-lava}
	rm -rf "${WORK}"
	mkdir -p "${WORK}"
	echo "TAP version 13"
	echo "# lava-dispatcher $(dpkg-query -W -f '${Version}' lava-dispatcher), image ${IMAGES}"
	N=0
	FAILED=0
	device_types
	validate job-qemu-x86_64.yaml device-qemu.jinja2 bzImage rootfs.ext2
	validate job-rpi4.yaml device-rpi4.jinja2 sdcard.img
	supermin_kernel
	run_job
	echo "1..${N}"
	echo "# lava: ${FAILED} of ${N} failed; log ${WORK}/lava.log"
	[ "${FAILED}" -eq 0 ]
}

# job TEMPLATE IMAGES_DIR: the job with its placeholders filled in
job() {
	sed -e "s|IMAGES_URL|file://$2|g" -e "s|DEVMAP_GIT_URL|${REPO}|g" "${HERE}/$1"
}

# LAVA's device-type templates: lava-server's, of the dispatcher's version
device_types() {
	local ver dir
	ver=$(dpkg-query -W -f '${Version}' lava-dispatcher)
	dir=${CACHE}/lava-server/${ver}
	if [ ! -f "${dir}/complete" ]; then
		rm -rf "${dir}"
		mkdir -p "${dir}/deb"
		(cd "${dir}/deb" && apt-get download -q "lava-server=${ver}" >/dev/null 2>&1) ||
			skip "apt-get download lava-server=${ver} failed (its device-type templates render the device dictionaries)"
		dpkg -x "$(find "${dir}/deb" -name '*.deb' | head -n 1)" "${dir}/root"
		rm -rf "${dir}/deb"
		touch "${dir}/complete"
	fi
	TYPES=${dir}/root/usr/share/lava-server/device-types
	echo "# device dictionaries rendered with lava-server ${ver}'s device-type templates"
}

# render DICTIONARY JOB OUT: the device configuration of DICTIONARY for JOB
render() {
	/usr/bin/python3 "${HERE}/render-device.py" "${HERE}/$1" "${TYPES}" "${HERE}/$2" >"$3"
}

# validate JOB DICTIONARY FILE...: lava-run --validate, with empty files
# for the images (validation only checks that they exist)
validate() {
	local jobfile=$1 dict=$2 d rc=0
	shift 2
	d=${WORK}/validate-${jobfile%.yaml}
	mkdir -p "${d}/images"
	for f in "$@"; do
		: >"${d}/images/${f}"
	done
	job "${jobfile}" "${d}/images" >"${d}/job.yaml"
	render "${dict}" "${jobfile}" "${d}/device.yaml" &&
		lava-run --validate --job-id "validate-${jobfile%.yaml}" --output-dir "${d}/out" \
			--device "${d}/device.yaml" "${d}/job.yaml" >"${d}/lava.log" 2>&1 || rc=$?
	[ "${rc}" -eq 0 ] || grep -E '"lvl": "(error|exception)"' "${d}/lava.log" | tail -n 5 | sed 's/^/# /'
	result "${rc}" "lava-run --validate ${jobfile} on ${dict}"
}

# The guestfs appliance's kernel: the worker's own, or Debian's
supermin_kernel() {
	local abi arch dir deb
	if compgen -G "/boot/vmlinuz-*" >/dev/null; then
		return 0
	fi
	arch=$(dpkg --print-architecture)
	abi=$(apt-cache depends "linux-image-${arch}" 2>/dev/null |
		sed -n "s/.*Depends: linux-image-\(.*-${arch}\)$/\1/p" | head -n 1)
	[ -n "${abi}" ] || skip "no kernel in /boot for libguestfs and apt knows no linux-image-${arch} (apt-get update?)"
	dir=${CACHE}/lava-kernel/${abi}
	if [ ! -f "${dir}/complete" ]; then
		echo "# libguestfs: no kernel in /boot; Debian's linux-image-${abi} into ${dir}"
		rm -rf "${dir}"
		mkdir -p "${dir}/deb"
		(cd "${dir}/deb" && apt-get download -q "linux-image-${abi}" >/dev/null 2>&1) ||
			skip "apt-get download linux-image-${abi} failed"
		deb=$(find "${dir}/deb" -name '*.deb' | head -n 1)
		dpkg -x "${deb}" "${dir}/root"
		rm -rf "${dir}/deb"
		/sbin/depmod -b "${dir}/root" "${abi}"
		touch "${dir}/complete"
	fi
	export SUPERMIN_KERNEL=${dir}/root/boot/vmlinuz-${abi}
	export SUPERMIN_MODULES=${dir}/root/lib/modules/${abi}
	export SUPERMIN_KERNEL_VERSION=${abi}
	echo "# libguestfs: SUPERMIN_KERNEL=${SUPERMIN_KERNEL}"
}

run_job() {
	local start rc=0 out
	job job-qemu-aarch64.yaml "${IMAGES}" >"${WORK}/job.yaml"
	render device-qemu.jinja2 job-qemu-aarch64.yaml "${WORK}/device.yaml" || rc=$?
	if ! git -C "${REPO}" diff --quiet HEAD -- tests/lava/devmap-board-checks.yaml 2>/dev/null; then
		echo "# note: the job takes tests/lava/devmap-board-checks.yaml as committed (git), not as edited"
	fi
	start=$(date +%s)
	[ "${rc}" -ne 0 ] || lava-run --job-id "devmap-$$" --output-dir "${WORK}/out" \
		--device "${WORK}/device.yaml" "${WORK}/job.yaml" \
		>"${WORK}/lava.log" 2>&1 || rc=$?
	if [ "${rc}" -ne 0 ]; then
		grep -E '"lvl": "(error|exception)"' "${WORK}/lava.log" | tail -n 5 | sed 's/^/# /'
	fi
	result "${rc}" "lava-run job-qemu-aarch64.yaml on device-qemu.jinja2: job complete ($(($(date +%s) - start)) s)"
	phases
	set +e
	out=$(/usr/bin/python3 "${HERE}/farm-results.py" lava "${WORK}/lava.log" "${IMAGE_TAP}")
	rc=$?
	set -e
	renumber "${out}"
	[ "${rc}" -eq 0 ] || [ "${FAILED}" -gt 0 ] || FAILED=$((FAILED + 1))
}

# How long LAVA's steps took: its "end: N ACTION (duration ...)" lines
phases() {
	sed -n 's/.*"msg": "end: \([0-9]* [a-z-]* (duration [0-9:]*)\).*/# lava: \1/p' \
		"${WORK}/lava.log" 2>/dev/null || true
}

main "$@"
