# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Helpers shared by the Buildroot scripts (build-qemu.sh, ci.sh,
# variants.sh, build-rpi4.sh, boot-rpi4.sh, check.sh). Sourced after
# tap.sh; the caller sets N=0 and FAILED=0 before the first result.

# skip REASON: a missing prerequisite is a skip (exit 4), never a pass
skip() {
	echo "SKIP: $1"
	exit 4
}

# need_packages PACKAGE...: install the Debian packages that are missing
need_packages() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f '${Status}' "${p}" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("${p}")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# kconfig_string DOTCONFIG NAME: the value of BR2_PACKAGE_DEVMAP_<NAME>
kconfig_string() {
	sed -n "s/^BR2_PACKAGE_DEVMAP_$2=\"\(.*\)\"$/\1/p" "$1"
}

# ls_mode OCTAL: 0660 -> crw-rw---- (how ls -l shows the node)
ls_mode() {
	local m=$((8#$1)) s="c" i c
	for i in 256 128 64 32 16 8 4 2 1; do
		case $i in
		256 | 32 | 4) c=r ;;
		128 | 16 | 2) c=w ;;
		*) c=x ;;
		esac
		if [ $((m & i)) -ne 0 ]; then s="${s}${c}"; else s="${s}-"; fi
	done
	echo "${s}"
}

# guest_results CONSOLE_LOG TAP_FILE: the "ok - " / "not ok - " lines that
# guest-checks.sh printed between its markers, numbered into this TAP
# stream; its "# " lines pass through. Kept in TAP_FILE as printed.
guest_results() {
	local line
	tr -d '\r' <"$1" | sed -n '/DEVMAP-CHECKS-BEGIN/,/DEVMAP-CHECKS-END/p' |
		grep -E '^(ok|not ok) - |^# ' >"$2" || true
	while IFS= read -r line; do
		case "${line}" in
		"ok - "*) result 0 "${line#ok - }" ;;
		"not ok - "*) result 1 "${line#not ok - }" ;;
		*) echo "${line}" ;;
		esac
	done <"$2"
}

# step DESCRIPTION COMMAND...: run COMMAND with its output in
# ${WORK}/step-${LOG_TAG}-<N>.log, timed; one TAP line. A failed step ends
# the run, with the tail of its log.
step() {
	local desc=$1 log start rc
	shift
	log=${WORK}/step-${LOG_TAG}-$((N + 1)).log
	start=$(date +%s)
	# a subshell outside any || list, so that set -e applies to functions
	set +e
	(
		set -e
		"$@"
	) >"${log}" 2>&1
	rc=$?
	set -e
	result "${rc}" "${desc} ($(($(date +%s) - start)) s)"
	if [ "${rc}" -ne 0 ]; then
		tail -n 40 "${log}" | sed 's/^/# /'
		echo "1..${N}"
		exit 1
	fi
}

