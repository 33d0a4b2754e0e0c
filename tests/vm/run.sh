#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# run.sh [x86_64|arm64|all] [--demo|--bench]
#
# Board validation in QEMU: boots Debian's kernel with a busybox initramfs
# holding devmap.ko (built here against the same kernel's headers), the C
# guest tests, the original example program and, when java-lib is built,
# a jlink'd Java runtime with the devmap CLI and the JUnit suite. The guest
# prints TAP; this side numbers it, checks the ivshmem device's bytes from
# outside the guest after poweroff, and exits non-zero unless every test
# is ok. --demo shows the example and the CLI on the console instead;
# --bench runs tests/bench/guest.sh in the guest (make bench) and leaves
# the console in DEVMAP_BUILD/<board>/console.log.
#
# Environment:
#   DEVMAP_BUILD        work directory (default: <repo>/build/vm)
#   DEVMAP_QEMU_ACCEL   QEMU accelerator (default tcg; kvm only where it works)
#   DEVMAP_VM_TIMEOUT   seconds a board may run before it fails (default 420)
#   DEVMAP_NO_JAVA=1    leave Java out of the guest
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
build=${DEVMAP_BUILD:-$repo/build/vm}
accel=${DEVMAP_QEMU_ACCEL:-tcg}
vm_timeout=${DEVMAP_VM_TIMEOUT:-420}

main() {
	local boards=() mode=0 arg failed=0
	for arg in "$@"; do
		case "$arg" in
		x86_64 | arm64) boards+=("$arg") ;;
		all) boards+=(x86_64 arm64) ;;
		--demo) mode=1 ;;
		--bench) mode=bench ;;
		-h | --help) usage 0 ;;
		*)
			echo "run.sh: unknown argument '$arg'" >&2
			usage 2
			;;
		esac
	done
	[ "${#boards[@]}" -gt 0 ] || boards=(x86_64 arm64)

	prepare_java
	for board in "${boards[@]}"; do
		run_board "$board" "$mode" || failed=1
	done
	return "$failed"
}

usage() {
	echo "usage: $0 [x86_64|arm64|all] [--demo|--bench]" >&2
	exit "$1"
}

say() {
	echo ">>> $*"
}

# The jlink'd runtime, JNA's native libraries and the jars, shared by the
# boards; skipped (and said so) when java-lib cannot be built.
prepare_java() {
	java_dir=$build/java
	if [ "${DEVMAP_NO_JAVA:-0}" = 1 ]; then
		say "Java left out of the guest (DEVMAP_NO_JAVA=1)"
		java_dir=
		return
	fi
	if ! "$here/java-image.sh" "$java_dir"; then
		echo "run.sh: could not prepare Java for the guest" >&2
		exit 1
	fi
}

run_board() {
	local board=$1 mode=$2 work
	work=$build/$board
	mkdir -p "$work"
	say "board $board: kernel, module, guest programs"
	"$here/fetch-kernel.sh" "$board" "$work/kernel"
	build_module "$board" "$work"
	build_programs "$board" "$work"
	make_initramfs "$board" "$work" "$mode"
	boot "$board" "$work" "$mode"
}

cross_prefix() {
	case "$1" in
	x86_64) echo "" ;;
	arm64) echo "aarch64-linux-gnu-" ;;
	esac
}

# The module is built in a copy of driver/ so that both boards' objects
# can coexist; any compiler warning fails the build.
build_module() {
	local board=$1 work=$2 cross log
	cross=$(cross_prefix "$board")
	rm -rf "$work/driver"
	mkdir -p "$work/driver"
	cp "$repo"/driver/Kbuild "$repo"/driver/*.[ch] "$work/driver/"
	log=$work/driver/build.log
	if ! make -C "$work/kernel/headers" M="$work/driver" \
		ARCH="$(kbuild_arch "$board")" CROSS_COMPILE="$cross" W=1 \
		modules >"$log" 2>&1; then
		cat "$log" >&2
		echo "run.sh: devmap.ko does not build for $board" >&2
		return 1
	fi
	if grep -q 'warning:' "$log"; then
		grep 'warning:' "$log" >&2
		echo "run.sh: devmap.ko builds with warnings for $board" >&2
		return 1
	fi
	say "devmap.ko built for $board with W=1, no warnings"
}

kbuild_arch() {
	case "$1" in
	x86_64) echo x86 ;;
	arm64) echo arm64 ;;
	esac
}

build_programs() {
	local board=$1 work=$2 cc prog
	cc=$(cross_prefix "$board")gcc
	mkdir -p "$work/bin"
	for prog in devmap_test runas map_example; do
		"$cc" -static -O2 -Wall -Wextra -Werror \
			-o "$work/bin/$prog" "$here/guest/$prog.c"
	done
	# The C side of make bench, built as the host's benchmark is.
	for prog in "$repo"/tests/bench/*.c; do
		[ -f "$prog" ] || continue
		"$cc" -static -O2 -Wall -Wextra -Werror \
			-o "$work/bin/$(basename "$prog" .c)" "$prog"
	done
}

make_initramfs() {
	local board=$1 work=$2 mode=$3 root
	root=$work/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/devmap}
	cp "$work/kernel/busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$work"/bin/* "$root/bin/"
	cp "$work/driver/devmap.ko" "$root/lib/devmap/"
	cp "$here/guest/init.sh" "$root/init"
	chmod 755 "$root/init"
	printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/tmp:/bin/sh\n' \
		>"$root/etc/passwd"
	printf 'root:x:0:\ndevmap:x:100:\nuser:x:1000:\n' >"$root/etc/group"
	{
		echo "BOARD=$board"
		echo "DEMO=$mode"
		if [ "$board" = arm64 ]; then
			# mem=2G leaves 0xc0000000 up as memory the kernel
			# does not own: the example's uncached SDRAM window.
			echo "SDRAM_WINDOW=sdram:0xc0000000:3M:uncached"
			echo "DT_WINDOWS=1"
		fi
		if [ -n "$java_dir" ]; then
			echo "JAVA=1"
		fi
	} >"$root/etc/devmap-test.conf"
	if [ -f "$repo/tests/bench/guest.sh" ]; then
		cp "$repo/tests/bench/guest.sh" "$root/bin/bench-guest.sh"
	fi
	if [ -n "$java_dir" ]; then
		cp -a "$java_dir/$board/." "$root/"
		cp -a "$java_dir/share" "$root/opt/devmap"
		ln -s /opt/devmap/devmap "$root/bin/devmap"
	fi
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
}

qemu_cmd() {
	local board=$1 work=$2
	# shellcheck disable=SC2054 # commas separate QEMU's sub-options
	local shm=(-object "memory-backend-file,id=shm,share=on,mem-path=$work/ivshmem.bin,size=4M"
		-device ivshmem-plain,memdev=shm)
	case "$board" in
	x86_64)
		echo qemu-system-x86_64 -M pc -accel "$accel" -m 1536 -smp 1 \
			-nographic -no-reboot -net none -kernel "$work/kernel/vmlinuz" \
			-initrd "$work/initramfs.cpio" \
			-append "'console=ttyS0 panic=-1 loglevel=3 rdinit=/init'" \
			"${shm[@]}"
		;;
	arm64)
		echo qemu-system-aarch64 -M "virt${3:-}" -cpu cortex-a57 \
			-accel "$accel" -m 3G -smp 1 -nographic -no-reboot \
			-net none -kernel "$work/kernel/vmlinuz" \
			-initrd "$work/initramfs.cpio" \
			-append "'console=ttyAMA0 mem=2G panic=-1 loglevel=3 rdinit=/init'" \
			"${shm[@]}" "${4:-}"
		;;
	esac
}

boot() {
	local board=$1 work=$2 mode=$3 log cmd start rc=0
	log=$work/console.log
	# A file the host reads after poweroff: the guest's writes through
	# /dev/map must land in it.
	rm -f "$work/ivshmem.bin"
	truncate -s 4M "$work/ivshmem.bin"
	cmd=$(qemu_cmd "$board" "$work")
	if [ "$board" = arm64 ]; then
		make_dtb "$work"
		cmd=$(qemu_cmd "$board" "$work" "" "-dtb $work/virt.dtb")
	fi
	say "board $board: booting ($(qemu_version "$board"), accel $accel)"
	echo "    $cmd"
	start=$(date +%s)
	if [ "$mode" != 0 ]; then
		eval "timeout $vm_timeout $cmd" </dev/null | tee "$log" || rc=$?
	else
		eval "timeout $vm_timeout $cmd" </dev/null >"$log" 2>&1 || rc=$?
	fi
	say "board $board: QEMU ended after $(($(date +%s) - start)) s (status $rc)"
	[ "$mode" != 0 ] && return 0
	python3 "$here/report.py" --board "$board" --log "$log" \
		--ivshmem "$work/ivshmem.bin" --timed-out "$([ "$rc" = 124 ] && echo 1 || echo 0)"
}

# The arm64 board's device tree: QEMU's own, plus devmap window nodes, so
# that the driver's device-tree binding is tested on a real kernel.
make_dtb() {
	local work=$1
	eval "$(qemu_cmd arm64 "$work" ",dumpdtb=$work/qemu.dtb" "")" \
		</dev/null >/dev/null 2>&1
	{
		dtc -q -I dtb -O dts "$work/qemu.dtb"
		cat "$here/guest/arm64-windows.dtsi"
	} >"$work/virt.dts"
	dtc -q -I dts -O dtb -o "$work/virt.dtb" "$work/virt.dts"
}

qemu_version() {
	local bin=qemu-system-x86_64
	[ "$1" = arm64 ] && bin=qemu-system-aarch64
	"$bin" --version | head -n 1
}

main "$@"
