#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# run.sh [BOARD[:KERNEL]...|all] [--demo|--bench]
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
# BOARD is x86_64 or arm64; KERNEL is a Debian kernel line for
# fetch-kernel.sh (6.1, 6.12, 7.2, each with an optional -rt; default
# 6.1) or a folder of the same layout (e.g. tests/debug's kernel). Each
# prints "# board BOARD KERNEL: N passed, M failed".
#
# Environment:
#   DEVMAP_BUILD        work directory (default: <repo>/build/vm)
#   DEVMAP_QEMU_ACCEL   QEMU accelerator (default tcg; kvm only where it works)
#   DEVMAP_VM_TIMEOUT   seconds a board may run before it fails (default 1800)
#   DEVMAP_NO_JAVA=1    leave Java out of the guest
#   DEVMAP_VM_CPUS      CPUs of the guest (default 1)
#   DEVMAP_VM_MEM       x86_64 guest memory in MiB (default 1536)
#   DEVMAP_CMDLINE      more kernel command line
#   DEVMAP_STRESS       seconds of tests/debug's stress after the suite
#   DEVMAP_GUEST_EXTRA  a folder copied over the guest's root
#   DEVMAP_JDK25        boards (BOARD:KERNEL, blank-separated, or "all") whose
#                       guest also gets JDK 25 at /opt/java25, on which the
#                       CLI's checks of the java.lang.foreign path run
#                       (java-image.sh; make bench sets "all")
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
build=${DEVMAP_BUILD:-$repo/build/vm}
accel=${DEVMAP_QEMU_ACCEL:-tcg}
vm_timeout=${DEVMAP_VM_TIMEOUT:-1800}

main() {
	local boards=() mode=0 arg failed=0
	for arg in "$@"; do
		case "$arg" in
		x86_64 | arm64 | x86_64:* | arm64:*) boards+=("$arg") ;;
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
	echo "usage: $0 [x86_64|arm64[:KERNEL]...|all] [--demo|--bench]" >&2
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
	local jdk25=0
	case "${DEVMAP_JDK25:-}" in
	"" | 0) ;;
	*) jdk25=1 ;;
	esac
	if ! DEVMAP_JDK25=$jdk25 "$here/java-image.sh" "$java_dir"; then
		echo "run.sh: could not prepare Java for the guest" >&2
		exit 1
	fi
}

run_board() {
	local spec=$1 mode=$2 board kernel kdir work jdk25_dir
	board=${spec%%:*}
	kernel=6.1
	[ "$board" = "$spec" ] || kernel=${spec#*:}
	if [ -d "$kernel" ]; then
		kdir=$(cd "$kernel" && pwd -P)
	else
		kdir=$("$here/fetch-kernel.sh" "$board" "$kernel") ||
			setup_failed "$board $kernel" "Debian kernel $kernel fetched" ||
			return 1
	fi
	jdk25_dir=
	if [ -n "$java_dir" ]; then
		case " ${DEVMAP_JDK25:-} " in
		*" all "* | *" $board:$kernel "*) jdk25_dir=$java_dir/$board-jdk25 ;;
		esac
		# java-image.sh said why when it has none.
		[ -d "$jdk25_dir/opt/java25" ] || jdk25_dir=
	fi
	kernel=$(cat "$kdir/abi")
	work=$build/$board-$kernel
	mkdir -p "$work"
	say "board $board, kernel $kernel: module, guest programs"
	build_module "$board" "$kdir" "$work" ||
		setup_failed "$board $kernel" "devmap.ko builds with W=1, no warnings" ||
		return 1
	build_programs "$board" "$work"
	make_initramfs "$board" "$kdir" "$work" "$mode"
	boot "$board" "$kernel" "$kdir" "$work" "$mode"
}

# setup_failed BOARD WHAT: the board's count when it cannot even boot.
setup_failed() {
	echo "not ok 1 - [$1] $2"
	echo "# board $1: 0 passed, 1 failed"
	return 1
}

cross_prefix() {
	case "$1" in
	x86_64) echo "" ;;
	arm64) echo "aarch64-linux-gnu-" ;;
	esac
}

# The module is built in a copy of driver/ so that every board's objects
# can coexist; any compiler warning fails the build. A kernel built by a
# newer gcc than the host's (sid's 7.x) is built in a build root of its
# suite with that gcc.
build_module() {
	local board=$1 kdir=$2 work=$3 cross log make_cmd
	cross=$(cross_prefix "$board")
	rm -rf "$work/driver"
	mkdir -p "$work/driver"
	cp "$repo"/driver/Kbuild "$repo"/driver/*.[ch] "$work/driver/"
	log=$work/driver/build.log
	make_cmd=(make -C "$kdir/headers" M="$work/driver"
		ARCH="$(kbuild_arch "$board")" CROSS_COMPILE="$cross" W=1
		${KBUILD_EXTRA:+"$KBUILD_EXTRA"} modules)
	if [ "$(cat "$kdir/suite" 2>/dev/null)" = sid ]; then
		in_sid_root "$kdir" "$work/driver" -- "${make_cmd[@]}" \
			>"$log" 2>&1
	else
		"${make_cmd[@]}" >"$log" 2>&1
	fi || {
		cat "$log" >&2
		echo "run.sh: devmap.ko does not build for $board $(cat "$kdir/abi")" >&2
		return 1
	}
	if grep -q 'warning:' "$log"; then
		grep 'warning:' "$log" >&2
		echo "run.sh: devmap.ko builds with warnings for $board $(cat "$kdir/abi")" >&2
		return 1
	fi
	say "devmap.ko built for $board $(cat "$kdir/abi") with W=1, no warnings"
}

# in_sid_root KDIR WORK -- COMMAND...: run COMMAND in a sid build
# root (gcc 16 and its arm64 cross gcc: one root, made once, for both
# boards) with KDIR and WORK at their own paths.
in_sid_root() {
	local kdir=$1 work=$2 root pkgs=(gcc-16 make libc6-dev libelf-dev bc
		kmod dwarves gcc-16-aarch64-linux-gnu binutils-aarch64-linux-gnu)
	shift 3
	root=$("$here/build-root.sh" sid "${pkgs[@]}") || return 1
	# Kbuild calls gcc and aarch64-linux-gnu-gcc: point them at gcc 16.
	ln -sf gcc-16 "$root/usr/bin/gcc"
	ln -sf aarch64-linux-gnu-gcc-16 "$root/usr/bin/aarch64-linux-gnu-gcc"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m /bin/bash -c '
		set -e
		root=$1 kdir=$2 work=$3
		shift 3
		for d in "$kdir" "$work"; do
			mkdir -p "$root$d"
			mount --bind "$d" "$root$d"
		done
		mount -t proc proc "$root/proc"
		exec chroot "$root" "$@"' in_sid_root "$root" "$kdir" "$work" "$@"
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
	for prog in devmap_test devmap_irq_test devmap_guard_test runas map_example; do
		"$cc" -static -O2 -Wall -Wextra -Werror -pthread -I"$repo/driver" \
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
	local board=$1 kdir=$2 work=$3 mode=$4 root
	root=$work/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/devmap}
	cp "$kdir/busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$work"/bin/* "$root/bin/"
	cp "$work/driver/devmap.ko" "$root/lib/devmap/"
	cp "$repo/tests/board/checks.sh" "$root/lib/devmap/checks.sh"
	cp "$here/guest/init.sh" "$root/init"
	chmod 755 "$root/init"
	cp "$here/guest/irq-tests.sh" "$root/bin/irq-tests.sh"
	printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/tmp:/bin/sh\n' \
		>"$root/etc/passwd"
	printf 'root:x:0:\ndevmap:x:100:\nuser:x:1000:\n' >"$root/etc/group"
	{
		echo "BOARD=$board"
		echo "DEMO=$mode"
		# qemu_cmd's ivshmem-doorbell (MSI-X) and edu (MSI, INTx)
		echo "DOORBELL=0000:00:10.0"
		echo "EDU=0000:00:11.0"
		if [ "$board" = arm64 ]; then
			# mem=2G leaves 0xc0000000 up as memory the kernel
			# does not own: the example's uncached SDRAM window.
			echo "SDRAM_WINDOW=sdram:0xc0000000:3M:uncached"
			echo "DT_WINDOWS=1"
		fi
		if [ -n "$java_dir" ]; then
			echo "JAVA=1"
		fi
		if [ -n "$jdk25_dir" ]; then
			echo "JAVA25=1"
		fi
		if [ -n "${DEVMAP_STRESS:-}" ]; then
			echo "STRESS=$DEVMAP_STRESS"
		fi
	} >"$root/etc/devmap-test.conf"
	if [ -f "$repo/tests/bench/guest.sh" ]; then
		cp "$repo/tests/bench/guest.sh" "$root/bin/bench-guest.sh"
	fi
	if [ -n "${DEVMAP_GUEST_EXTRA:-}" ]; then
		cp -a "$DEVMAP_GUEST_EXTRA/." "$root/"
	fi
	if [ -n "$java_dir" ]; then
		cp -a "$java_dir/$board/." "$root/"
		cp -a "$java_dir/share" "$root/opt/devmap"
		ln -s /opt/devmap/devmap "$root/bin/devmap"
	fi
	if [ -n "$jdk25_dir" ]; then
		cp -a "$jdk25_dir/." "$root/"
		rm -f "$root/.stamp"
	fi
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
}

# qemu_cmd BOARD KDIR WORK [MACHINE_SUFFIX]: fills the array QEMU.
qemu_cmd() {
	local board=$1 kdir=$2 work=$3 machine_suffix=${4:-}
	# shellcheck disable=SC2054 # commas separate QEMU's sub-options
	local shm=(-object "memory-backend-file,id=shm,share=on,mem-path=$work/ivshmem.bin,size=4M"
		-device ivshmem-plain,memdev=shm)
	# Interrupt sources at fixed addresses (the guest's DOORBELL and EDU):
	# ivshmem-doorbell on tests/vm/ivshmem-server.py (MSI-X only) and
	# QEMU's edu device (MSI, or its INTx line).
	# shellcheck disable=SC2054 # commas separate QEMU's sub-options
	shm+=(-chardev "socket,path=$work/ivshmem.sock,id=ivs"
		-device ivshmem-doorbell,chardev=ivs,vectors=2,addr=0x10
		-device edu,addr=0x11)
	local common=(-accel "$accel" -smp "${DEVMAP_VM_CPUS:-1}" -nographic -no-reboot -net none
		-kernel "$kdir/vmlinuz" -initrd "$work/initramfs.cpio")
	# TCG on a busy 2-core host runs the guest's CPU ten times slower or
	# worse: the kernel's own clearing and freeing of a 512 MiB CMA
	# buffer then outlasts the default 20 s soft-lockup threshold. A
	# real hang still shows after 2 minutes, and as a test timeout.
	local cmdline="watchdog_thresh=60 ${DEVMAP_CMDLINE:-}"
	case "$board" in
	x86_64)
		QEMU=(qemu-system-x86_64 -M pc -m "${DEVMAP_VM_MEM:-1536}"
			"${common[@]}"
			-append "console=ttyS0 panic=-1 loglevel=3 rdinit=/init cma=128M log_buf_len=1M $cmdline"
			"${shm[@]}")
		;;
	arm64)
		# The monitor: qemu-monitor.py raises the GPIO line of the
		# device-tree interrupt test (system_powerdown) when asked.
		QEMU=(qemu-system-aarch64 -M "virt$machine_suffix" -cpu cortex-a57
			-m 3G "${common[@]}"
			-monitor "unix:$work/monitor.sock,server=on,wait=off"
			-append "console=ttyAMA0 mem=2G panic=-1 loglevel=3 rdinit=/init cma=640M log_buf_len=1M pci=resource_alignment=pci:1af4:1110 $cmdline"
			"${shm[@]}")
		;;
	esac
}

boot() {
	local board=$1 kernel=$2 kdir=$3 work=$4 mode=$5 log start rc=0
	log=$work/console.log
	# A file the host reads after poweroff: the guest's writes through
	# /dev/map must land in it.
	rm -f "$work/ivshmem.bin"
	truncate -s 4M "$work/ivshmem.bin"
	start_ivshmem_server "$work" || return 1
	if [ "$board" = arm64 ]; then
		make_dtb "$kdir" "$work"
		qemu_cmd "$board" "$kdir" "$work"
		QEMU+=(-dtb "$work/virt.dtb")
	else
		qemu_cmd "$board" "$kdir" "$work"
	fi
	say "board $board, kernel $kernel: booting ($(qemu_version "$board"), accel $accel)"
	echo "    ${QEMU[*]}"
	rm -f "$log"
	monitor=
	if [ "$board" = arm64 ]; then
		python3 "$here/qemu-monitor.py" "$log" "$work/monitor.sock" \
			--timeout "$vm_timeout" 2>"$work/qemu-monitor.log" &
		monitor=$!
	fi
	start=$(date +%s)
	if [ "$mode" != 0 ]; then
		timeout "$vm_timeout" "${QEMU[@]}" </dev/null | tee "$log" || rc=$?
	else
		timeout "$vm_timeout" "${QEMU[@]}" </dev/null >"$log" 2>&1 || rc=$?
	fi
	say "board $board, kernel $kernel: QEMU ended after $(($(date +%s) - start)) s (status $rc)"
	stop_ivshmem_server
	if [ -n "$monitor" ]; then
		kill "$monitor" 2>/dev/null || true
		wait "$monitor" 2>/dev/null || true
	fi
	[ "$mode" != 0 ] && return 0
	python3 "$here/report.py" --board "$board $kernel" --log "$log" \
		--ivshmem "$work/ivshmem.bin" --timed-out "$([ "$rc" = 124 ] && echo 1 || echo 0)"
}

# The ivshmem-doorbell devices' server: listening before QEMU starts
# (QEMU reads its setup while creating the device), ended after it.
start_ivshmem_server() {
	local work=$1 i
	rm -f "$work/ivshmem.sock"
	python3 "$here/ivshmem-server.py" "$work/ivshmem.sock" --vectors 2 \
		--timeout "$((vm_timeout + 300))" 2>"$work/ivshmem-server.log" &
	ivshmem_server=$!
	for i in $(seq 100); do
		[ -S "$work/ivshmem.sock" ] && return 0
		sleep 0.1
	done
	echo "run.sh: the ivshmem server did not start after $i tries (see $work/ivshmem-server.log)" >&2
	stop_ivshmem_server
	return 1
}

stop_ivshmem_server() {
	kill "$ivshmem_server" 2>/dev/null || true
	wait "$ivshmem_server" 2>/dev/null || true
}

# The arm64 board's device tree: QEMU's own, plus devmap window nodes, so
# that the driver's device-tree binding is tested on a real kernel.
make_dtb() {
	local kdir=$1 work=$2
	qemu_cmd arm64 "$kdir" "$work" ",dumpdtb=$work/qemu.dtb"
	"${QEMU[@]}" </dev/null >/dev/null 2>&1
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
