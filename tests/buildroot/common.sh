# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Helpers shared by the Buildroot scripts (build-qemu.sh, ci.sh,
# variants.sh, build-rpi4.sh, boot-rpi4.sh, check.sh, check-rpi4-image.sh).
# Sourced after tap.sh; the caller sets N=0 and FAILED=0 before the first
# result.

# skip REASON: a missing prerequisite is a skip (exit 4), never a pass
skip() {
	echo "SKIP: $1"
	exit 4
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

# watch_console LOG PID START: wait for QEMU (PID, started at START in
# seconds since the epoch, its console in LOG) to end. Sets T_BEGIN and
# T_END to the seconds after START at which the guest checks began and
# ended (DEVMAP-CHECKS-BEGIN and -END on the console), empty if never.
watch_console() {
	local log=$1 pid=$2 start=$3
	T_BEGIN=""
	T_END=""
	while kill -0 "${pid}" 2>/dev/null; do
		console_marks "${log}" "${start}"
		sleep 1
	done
	wait "${pid}" || true
	console_marks "${log}" "${start}"
}

# (the log may not exist yet: QEMU was just started)
console_marks() {
	local now
	now=$(date +%s)
	if [ -z "${T_BEGIN}" ] && grep -qs DEVMAP-CHECKS-BEGIN "$1"; then
		T_BEGIN=$((now - $2))
	fi
	if [ -z "${T_END}" ] && grep -qs DEVMAP-CHECKS-END "$1"; then
		T_END=$((now - $2))
	fi
}

# console_results LOG TAP_FILE START WHAT: after watch_console, the TAP
# lines of the boot: WHAT reached the checks, each guest check (kept in
# TAP_FILE), the checks finished; the console's tail when they never began.
console_results() {
	local log=$1 tap=$2 start=$3 what=$4
	result "$([ -n "${T_BEGIN}" ] && echo 0 || echo 1)" \
		"${what} to the checks (${T_BEGIN:-never} s after QEMU start)"
	if [ -z "${T_BEGIN}" ]; then
		tail -n 30 "${log}" | tr -d '\r' | sed 's/^/# console: /'
	fi
	guest_results "${log}" "${tap}"
	result "$([ -n "${T_END}" ] && echo 0 || echo 1)" \
		"guest checks finished (${T_END:-never} s after QEMU start; QEMU ran $(($(date +%s) - start)) s)"
}

# merge_fragment FRAGMENT OUTPUT_DIR [MAKE_ARG...]: every BR2_ line of the
# fragment (set, or "# ... is not set") replaces the symbol's line in
# OUTPUT_DIR/.config, then olddefconfig (with MAKE_ARGs); false, listing
# them, if olddefconfig dropped lines of it (unmet dependency, bad choice).
merge_fragment() {
	local fragment=$1 o=$2 sym line dropped
	shift 2
	while IFS= read -r line; do
		sym=$(echo "${line}" | sed -n 's/^\(BR2_[A-Za-z0-9_]*\)=.*/\1/p; s/^# \(BR2_[A-Za-z0-9_]*\) is not set$/\1/p')
		[ -n "${sym}" ] || continue
		sed -i -e "/^${sym}=/d" -e "/^# ${sym} is not set$/d" "${o}/.config"
		echo "${line}" >>"${o}/.config"
	done <"${fragment}"
	make -C "${o}" "$@" olddefconfig || return 1
	dropped=$(grep -E '^(BR2_|# BR2_.* is not set$)' "${fragment}" | grep -vxF -f "${o}/.config" || true)
	if [ -n "${dropped}" ]; then
		echo "dropped from .config by olddefconfig (dependencies?):"
		echo "${dropped}"
		return 1
	fi
}

# clean_tree_packages: the output directory O may come from another clone
# of the tree (a cache, --reuse): naming BR2_EXTERNAL again points
# Buildroot at this one (REPO), and every package of its package/ (and
# its host- variant) is dircleaned, to be rebuilt from this clone; the
# kernel and the rest are kept.
clean_tree_packages() {
	local p targets=()
	for p in "${REPO}"/package/*/; do
		targets+=("$(basename "${p}")-dirclean")
		if grep -q '(host-[a-z-]*package)' "${p}"/*.mk; then
			targets+=("host-$(basename "${p}")-dirclean")
		fi
	done
	make -C "${O}" BR2_EXTERNAL="${REPO}" "${targets[@]}"
	grep -q "${REPO}" "${O}/.br2-external.mk"
}
