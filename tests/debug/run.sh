#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# run.sh [SECONDS]
#
# The debug kernel run (make test-debug): builds (or finds in the cache)
# the x86_64 debug kernel of build-kernel.sh, then
#  1. the whole guest suite on it: tests/vm/run.sh x86_64:<kernel dir>.
#     When tests/vm/guest/init.sh runs /bin/devmap-stress.sh (STRESS= in
#     its config), the stress runs in that same boot and step 2 is left out;
#  2. otherwise a boot of its own (2 CPUs, ivshmem): devmap.ko built
#     against the kernel (W=1, no warnings), the C guest suite, then
#     guest-stress.sh: the stress for SECONDS (default 120) while the
#     module is unloaded and reloaded, 100 load/unload cycles, a kmemleak
#     scan and the kernel log check. Prints the guest's TAP numbered, then
#     "# board x86_64 debug: N passed, M failed".
# Exits non-zero unless every test passed and the guests finished.
#
# Environment:
#   DEVMAP_BUILD        work directory (default: <repo>/build/debug)
#   DEVMAP_VM_TIMEOUT   seconds the guest may run (default SECONDS + 900)
#   DEVMAP_CACHE        where the kernel is cached (see build-kernel.sh)
#   DEVMAP_KERNEL_DIR   boot this kernel instead (tests/vm/fetch-kernel.sh
#                       layout), e.g. to try the stress on a stock kernel
#   DEVMAP_NO_SUITE=1   leave step 1 out (the stress on its own)
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
	if grep -q 'devmap-stress\.sh' "$repo/tests/vm/guest/init.sh"; then
		suite "$seconds"
		return
	fi
	local failed=0
	if [ "${DEVMAP_NO_SUITE:-0}" != 1 ]; then
		suite "" || failed=1
	fi
	build_module
	make_initramfs "$seconds"
	boot "${DEVMAP_VM_TIMEOUT:-$((seconds + 900))}" || failed=1
	return "$failed"
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

# suite SECONDS: the guest suite of tests/vm on the debug kernel, with the
# stress when SECONDS is set. The debug kernel is slow: more time.
suite() {
	local seconds=$1 kdir
	kdir=$(readlink -f "$work/kernel")
	say "the guest suite on the debug kernel (tests/vm/run.sh x86_64:$kdir)"
	DEVMAP_BUILD=$work/vm DEVMAP_STRESS=$seconds \
		DEVMAP_GUEST_EXTRA=$work/extra \
		DEVMAP_CMDLINE="log_buf_len=4M cma=128M" \
		DEVMAP_VM_MEM=2048 DEVMAP_VM_CPUS=2 \
		DEVMAP_VM_TIMEOUT=${DEVMAP_VM_TIMEOUT:-$((${seconds:-0} + 1200))} \
		"$repo/tests/vm/run.sh" "x86_64:$kdir"
}

usage() {
	echo "usage: $0 [SECONDS]" >&2
	exit "$1"
}

say() {
	echo ">>> $*"
}

# modpost has no vmlinux symbol versions here: KBUILD_MODPOST_WARN keeps
# that a warning. Compiler warnings fail the build, as in tests/vm.
build_module() {
	local log=$work/driver/build.log
	rm -rf "$work/driver"
	mkdir -p "$work/driver"
	cp "$repo"/driver/Kbuild "$repo"/driver/*.[ch] "$work/driver/"
	if ! make -C "$work/kernel/headers" M="$work/driver" W=1 \
		KBUILD_MODPOST_WARN=1 modules >"$log" 2>&1; then
		cat "$log" >&2
		echo "run.sh: devmap.ko does not build against the debug kernel" >&2
		exit 1
	fi
	if grep -q 'warning:' "$log"; then
		grep 'warning:' "$log" >&2
		echo "run.sh: devmap.ko builds with warnings against the debug kernel" >&2
		exit 1
	fi
	say "devmap.ko built against the debug kernel with W=1, no warnings"
}

build_programs() {
	mkdir -p "$work/bin"
	gcc -static -O2 -Wall -Wextra -Werror -pthread \
		-o "$work/bin/devmap-stress" "$here/stress.c"
	gcc -static -O2 -Wall -Wextra -Werror -I"$repo/driver" \
		-o "$work/bin/devmap_test" "$repo/tests/vm/guest/devmap_test.c"
}

make_initramfs() {
	local seconds=$1 root=$work/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/devmap}
	cp "$work/kernel/busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$work/bin/devmap_test" "$work"/extra/bin/* "$root/bin/"
	cp "$work/driver/devmap.ko" "$root/lib/devmap/"
	cp "$here/init.sh" "$root/init"
	chmod 755 "$root/init"
	echo "STRESS=$seconds" >"$root/etc/devmap-test.conf"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
}

boot() {
	local timeout=$1 log=$work/console.log start rc=0
	# shellcheck disable=SC2054 # commas separate QEMU's sub-options
	local cmd=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -m 2G
		-nographic -no-reboot -net none
		-kernel "$work/kernel/vmlinuz" -initrd "$work/initramfs.cpio"
		-append "console=ttyS0 panic=-1 loglevel=3 rdinit=/init log_buf_len=4M cma=128M"
		-object "memory-backend-file,id=shm,share=on,mem-path=$work/ivshmem.bin,size=4M"
		-device ivshmem-plain,memdev=shm)
	rm -f "$work/ivshmem.bin"
	truncate -s 4M "$work/ivshmem.bin"
	say "booting the debug kernel ($(qemu-system-x86_64 --version | head -n 1), TCG, timeout ${timeout} s)"
	echo "    ${cmd[*]}"
	start=$(date +%s)
	timeout "$timeout" "${cmd[@]}" </dev/null >"$log" 2>&1 || rc=$?
	say "QEMU ended after $(($(date +%s) - start)) s (status $rc)"
	report "$log" "$rc"
}

# Number the guest's TAP lines; fail on a missing end marker too.
report() {
	local log=$1 rc=$2 n=0 pass=0 fail=0 line
	echo "TAP version 13"
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		"ok - "*)
			n=$((n + 1)) pass=$((pass + 1))
			echo "ok $n ${line#ok - }"
			;;
		"not ok - "*)
			n=$((n + 1)) fail=$((fail + 1))
			echo "not ok $n ${line#not ok - }"
			;;
		"# "*) echo "$line" ;;
		esac
	done <"$log"
	if ! grep -q '^# devmap-guest-done' "$log"; then
		n=$((n + 1)) fail=$((fail + 1))
		echo "not ok $n guest finished (QEMU status $rc; console: $log)"
		tail -n 30 "$log" | sed 's/^/#   /'
	fi
	echo "1..$n"
	echo "# board x86_64 debug: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

main "$@"
