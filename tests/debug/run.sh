#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# run.sh [SECONDS]
#
# The debug kernel run (make test-debug): builds (or finds in the cache)
# the x86_64 debug kernel of build-kernel.sh, then boots the whole guest
# suite on it (tests/vm/run.sh x86_64:<kernel dir>, 2 CPUs) with, in the
# same boot, guest-stress.sh after the suite (tests/vm/guest/init.sh runs
# it as /bin/devmap-stress.sh): the stress for SECONDS (default 120)
# while the module is unloaded and reloaded, 100 load/unload cycles, a
# kmemleak scan and the kernel log check. Prints the guest's TAP numbered,
# then "# board x86_64 <kernel>: N passed, M failed" (tests/vm/run.sh).
# Exits non-zero unless every test passed and the guest finished.
#
# Environment:
#   DEVMAP_BUILD        work directory (default: <repo>/build/debug)
#   DEVMAP_VM_TIMEOUT   seconds the guest may run (default SECONDS + 1200)
#   DEVMAP_CACHE        where the kernel is cached (see build-kernel.sh)
#   DEVMAP_KERNEL_DIR   boot this kernel instead (tests/vm/fetch-kernel.sh
#                       layout), e.g. to try the stress on a stock kernel
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
work=${DEVMAP_BUILD:-$repo/build/debug}

main() {
	local seconds=${1:-120}
	case "$seconds" in
	-h | --help) usage 0 ;;
	'' | *[!0-9]*)
		echo "run.sh: SECONDS '$seconds' is not a number of seconds" >&2
		usage 2
		;;
	esac
	[ "$#" -le 1 ] || usage 2
	mkdir -p "$work"
	if [ -n "${DEVMAP_KERNEL_DIR:-}" ]; then
		ln -sfn "$DEVMAP_KERNEL_DIR" "$work/kernel"
	else
		say "debug kernel (cached after the first build)"
		"$here/build-kernel.sh" "$work/kernel" >/dev/null
	fi
	say "kernel $(cat "$work/kernel/abi") in $(readlink "$work/kernel")"
	build_programs
	stage_extra
	suite "$seconds"
}

# The guest programs and scripts of the stress, as tests/vm/run.sh takes
# them (DEVMAP_GUEST_EXTRA: copied into its initramfs).
stage_extra() {
	rm -rf "$work/extra"
	mkdir -p "$work/extra/bin"
	cp "$work/bin/devmap-stress" "$work/extra/bin/"
	cp "$here/guest-stress.sh" "$work/extra/bin/devmap-stress.sh"
	cp "$here/check-kernel-log.sh" "$work/extra/bin/devmap-logcheck"
	chmod 755 "$work/extra/bin/devmap-stress.sh" \
		"$work/extra/bin/devmap-logcheck"
}

# suite SECONDS: the guest suite of tests/vm on the debug kernel, then the
# stress for SECONDS. The debug kernel is slow: more time.
suite() {
	local seconds=$1 kdir
	kdir=$(readlink -f "$work/kernel")
	say "the guest suite on the debug kernel (tests/vm/run.sh x86_64:$kdir)"
	DEVMAP_BUILD=$work/vm DEVMAP_STRESS=$seconds \
		DEVMAP_GUEST_EXTRA=$work/extra \
		DEVMAP_CMDLINE="log_buf_len=4M cma=128M" \
		DEVMAP_VM_MEM=2048 DEVMAP_VM_CPUS=2 \
		DEVMAP_VM_TIMEOUT=${DEVMAP_VM_TIMEOUT:-$((seconds + 1200))} \
		"$repo/tests/vm/run.sh" "x86_64:$kdir"
}

usage() {
	echo "usage: $0 [SECONDS]" >&2
	exit "$1"
}

say() {
	echo ">>> $*"
}

build_programs() {
	mkdir -p "$work/bin"
	gcc -static -O2 -Wall -Wextra -Werror -pthread -I"$repo/driver" \
		-o "$work/bin/devmap-stress" "$here/stress.c"
}

main "$@"
