#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# check.sh: static checks of the devmap br2-external tree with a real
# Buildroot. Prints TAP; exits 1 if a check failed, 0 otherwise.
#
#   BUILDROOT_DIR=/path/to/buildroot tests/buildroot/check.sh
#
# Without BUILDROOT_DIR it prints "SKIP: ..." and exits 0 (nothing is
# downloaded or built). Checks:
#   - utils/check-package -b on every file of package/, configs/, board/
#   - shellcheck on tests/buildroot/*.sh
#   - for each configs/*_defconfig: it loads with BR2_EXTERNAL, no line
#     of it is dropped from .config, and "make show-info" resolves every
#     enabled package of this tree with a license
#   - bad devmap option values stop make with an error naming them (the
#     whole grammar: tests/window-specs.py, make test-driver)
#   - every variant fragment (tests/buildroot/fragments/*.config) merges
#     into devmap_qemu_aarch64_virt_defconfig with no line dropped, and
#     a bad jlink module list stops make with an error naming it
# Needs python3 with python3-magic, flake8 and shellcheck for
# check-package (PYTHON, default /usr/bin/python3): tests/deps.sh
# buildroot installs them.
set -u

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/common.sh"

main() {
	if [ -z "${BUILDROOT_DIR:-}" ]; then
		echo "SKIP: BUILDROOT_DIR not set (point it at a Buildroot checkout)"
		exit 0
	fi
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	"${REPO}/tests/deps.sh" buildroot || exit 1
	BUILDROOT_DIR=$(cd "${BUILDROOT_DIR}" && pwd -P) || exit 1
	PYTHON=${PYTHON:-/usr/bin/python3}
	WORK=$(mktemp -d)
	trap 'rm -rf "${WORK}"' EXIT
	N=0
	FAILED=0

	echo "TAP version 13"
	check_package
	check_scripts
	for defconfig in "${REPO}"/configs/*_defconfig; do
		check_defconfig "$(basename "${defconfig}")"
	done
	for fragment in "${REPO}"/tests/buildroot/fragments/*.config; do
		check_fragment "${fragment}"
	done
	echo "1..${N}"
	echo "# ${FAILED} of ${N} failed"
	[ "${FAILED}" -eq 0 ]
}

# Indent a log as TAP diagnostics
diag() {
	sed 's/^/# /' "$@"
}

check_package() {
	local files rc
	files=$(cd "${REPO}" && find package configs board -type f | LC_ALL=C sort)
	# shellcheck disable=SC2086 # one file per word; paths have no spaces
	(cd "${REPO}" && "${PYTHON}" "${BUILDROOT_DIR}/utils/check-package" -b \
		${files}) >"${WORK}/check-package.log" 2>&1
	rc=$?
	if ! grep -q '^0 warnings generated' "${WORK}/check-package.log"; then
		rc=1
	fi
	[ "${rc}" -eq 0 ] || diag "${WORK}/check-package.log"
	result "${rc}" "check-package -b on package/, configs/, board/"
}

# The test scripts are not Buildroot files: shellcheck them directly
check_scripts() {
	local rc=0
	if ! command -v shellcheck >/dev/null; then
		echo "ok $((N + 1)) - shellcheck tests/buildroot/*.sh # SKIP no shellcheck"
		N=$((N + 1))
		return
	fi
	shellcheck "${REPO}"/tests/buildroot/*.sh >"${WORK}/shellcheck.log" 2>&1 || rc=1
	[ "${rc}" -eq 0 ] || diag "${WORK}/shellcheck.log"
	result "${rc}" "shellcheck tests/buildroot/*.sh"
}

check_defconfig() {
	local name=$1 out=${WORK}/$1 dropped rc
	if ! make -s -C "${BUILDROOT_DIR}" BR2_EXTERNAL="${REPO}" O="${out}" \
		"${name}" >"${WORK}/${name}.log" 2>&1; then
		diag "${WORK}/${name}.log"
		result 1 "${name} loads"
		return
	fi
	result 0 "${name} loads"

	# Every line of the defconfig, "# ... is not set" included, must
	# be in .config as it is.
	dropped=$(grep -vxF -f "${out}/.config" "${REPO}/configs/${name}")
	rc=0
	if [ -n "${dropped}" ]; then
		echo "# dropped from .config:"
		diag <<<"${dropped}"
		rc=1
	fi
	result "${rc}" "${name}: no line dropped from .config"

	if make -s -C "${out}" show-info >"${out}/show-info.json" \
		2>"${WORK}/${name}.show-info.log" &&
		check_show_info "${out}"; then
		rc=0
	else
		diag "${WORK}/${name}.show-info.log"
		rc=1
	fi
	result "${rc}" "${name}: show-info resolves the tree's packages"

	# The option checks once, with the first defconfig that has devmap
	if [ -z "${BAD_VALUES_DONE:-}" ] &&
		grep -qx 'BR2_PACKAGE_DEVMAP=y' "${out}/.config"; then
		BAD_VALUES_DONE=1
		check_bad_value "${name}" "${out}" MODE '"0x66"'
		check_bad_value "${name}" "${out}" GROUP '"Dev Map"'
		check_bad_value "${name}" "${out}" WINDOWS '"sdram:0xc0000000"'
		# two rows of tests/window-specs.tsv through a real Buildroot
		check_bad_value "${name}" "${out}" WINDOWS '".sdram:0xc0000000:3M"'
		check_bad_value "${name}" "${out}" EXTRA_OPTIONS '"devmap_buffers=x:0x1001"'
	fi
}

# A variant fragment merges into the QEMU aarch64 defconfig as
# build-qemu.sh --variant merges it (merge_fragment): each line replaces
# the symbol's, then olddefconfig must keep every line
check_fragment() {
	local fragment=$1 name out rc=0
	name=$(basename "${fragment}" .config)
	out=${WORK}/fragment-${name}
	if ! make -s -C "${BUILDROOT_DIR}" BR2_EXTERNAL="${REPO}" O="${out}" \
		devmap_qemu_aarch64_virt_defconfig >"${WORK}/${name}.log" 2>&1; then
		rc=1
	fi
	merge_fragment "${fragment}" "${out}" -s >>"${WORK}/${name}.log" 2>&1 || rc=1
	[ "${rc}" -eq 0 ] || diag "${WORK}/${name}.log"
	result "${rc}" "fragment ${name}.config merges into devmap_qemu_aarch64_virt_defconfig"
	if [ "${rc}" -eq 0 ] && grep -qx BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK=y "${out}/.config"; then
		check_bad_value "fragment ${name}" "${out}" OPENJDK_JRE_BIN_JLINK_MODULES '"java.base java.logging"'
		check_bad_value "fragment ${name}" "${out}" OPENJDK_JRE_BIN_JLINK_MODULES '"java.base,"'
	fi
}

# A bad option value stops make with an error naming it (OPT without
# BR2_PACKAGE_, or DEVMAP_ when it is a devmap option)
check_bad_value() {
	local name=$1 out=$2 opt=BR2_PACKAGE_$3 value=$4 rc=1
	case "$3" in
	MODE | GROUP | WINDOWS | EXTRA_OPTIONS) opt=BR2_PACKAGE_DEVMAP_$3 ;;
	esac
	cp "${out}/.config" "${out}/.config.good"
	sed -i "/^${opt}=/d" "${out}/.config"
	echo "${opt}=${value}" >>"${out}/.config"
	if ! make -s -C "${out}" show-info >/dev/null 2>"${WORK}/bad.log" &&
		grep -q "${opt}=${value}" "${WORK}/bad.log"; then
		rc=0
		diag "${WORK}/bad.log"
	fi
	mv "${out}/.config.good" "${out}/.config"
	result "${rc}" "${name}: ${opt}=${value} is rejected"
}

# Every package of this tree enabled in .config is in show-info, with
# a license
check_show_info() {
	local out=$1 pkg sym
	for pkg in $(cd "${REPO}/package" && ls); do
		sym=BR2_PACKAGE_$(echo "${pkg}" | tr 'a-z-' 'A-Z_')
		grep -qx "${sym}=y" "${out}/.config" || continue
		"${PYTHON}" -c '
import json, sys
info = json.load(open(sys.argv[1]))
pkg = info.get(sys.argv[2])
if not pkg or not pkg.get("licenses"):
    print("# %s: missing from show-info or without license" % sys.argv[2])
    sys.exit(1)
print("# %s %s: %s" % (sys.argv[2], pkg.get("version", ""), pkg["licenses"]))
' "${out}/show-info.json" "${pkg}" || return 1
	done
}

main "$@"
