#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# guest-checks.sh: board checks of a devmap Buildroot image, run on the
# target at the end of boot by build-qemu-aarch64.sh (installed there as
# /etc/init.d/S99devmap-checks through a test-only rootfs overlay, with
# the C guest programs of tests/vm/guest in /usr/libexec/devmap-test).
# Prints "ok - ..." / "not ok - ..." lines between DEVMAP-CHECKS-BEGIN
# and DEVMAP-CHECKS-END; the host numbers and counts them. Powers off.
#
# Expected values come from /etc/devmap-checks.conf (written by the host
# script from the defconfig): GROUP, MODE (ls -l form), WINDOW (name),
# WINDOW_PHYS, WINDOW_SIZE, BUFFER_SIZE.

main() {
	case "${1:-start}" in
	start) ;;
	*) exit 0 ;;
	esac
	grep -q devmap_checks=1 /proc/cmdline || exit 0
	# shellcheck disable=SC1091 # written by the host script
	. /etc/devmap-checks.conf
	bin=/usr/libexec/devmap-test
	echo "DEVMAP-CHECKS-BEGIN"
	check_module
	check_node
	check_windows
	check_example
	check_c_suite
	check_permissions
	check_cli
	check_selftest
	check_ant
	echo "DEVMAP-CHECKS-END"
	poweroff -f
}

ok() {
	echo "ok - $*"
}

not_ok() {
	echo "not ok - $*"
}

# t DESCRIPTION COMMAND...: one line from a command's status
t() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

check_module() {
	t "devmap module loaded at boot (/sys/module/devmap)" \
		test -d /sys/module/devmap
	t "lsmod lists devmap" sh -c 'lsmod | grep -q "^devmap "'
	t "autoload file /etc/modules-load.d/devmap.conf" \
		grep -qx devmap /etc/modules-load.d/devmap.conf
	t "options in /etc/modprobe.d/devmap.conf" \
		grep -q "^options devmap .*devmap_buffer_size=$BUFFER_SIZE" \
		/etc/modprobe.d/devmap.conf
}

check_node() {
	# shellcheck disable=SC2012,SC2046 # busybox may lack stat -c; split fields
	set -- $(ls -l /dev/map 2>/dev/null)
	t "/dev/map is a character device" test -c /dev/map
	t "/dev/map mode is $MODE (is ${1:-none})" test "${1:-}" = "$MODE"
	t "/dev/map group is $GROUP (is ${4:-none})" test "${4:-}" = "$GROUP"
	t "group $GROUP exists" grep -q "^$GROUP:" /etc/group
}

check_windows() {
	d=/sys/class/misc/map/windows
	t "sysfs window $WINDOW exists" test -d "$d/$WINDOW"
	t "$WINDOW phys is $WINDOW_PHYS ($(cat "$d/$WINDOW/phys"))" \
		test "$(($(cat "$d/$WINDOW/phys")))" -eq "$((WINDOW_PHYS))"
	t "$WINDOW size is $WINDOW_SIZE ($(cat "$d/$WINDOW/size"))" \
		test "$(($(cat "$d/$WINDOW/size")))" -eq "$((WINDOW_SIZE))"
	t "$WINDOW mode is uncached" grep -qx uncached "$d/$WINDOW/mode"
	t "sysfs window buffer exists" test -d "$d/buffer"
	BUF_PHYS=$(cat "$d/buffer/phys" 2>/dev/null || echo 0)
	BUF_LEN=$(cat "$d/buffer/size" 2>/dev/null || echo 0)
}

check_example() {
	if [ ! -x $bin/map_example ]; then
		not_ok "example program map_example installed"
		return
	fi
	# The example hard-codes 3 MB at 0xc0000000; EXAMPLE_PHYS in the conf
	# names another address that the host built it for (the Pi 4 window)
	ex=${EXAMPLE_PHYS:-0xc0000000}
	if [ "$((WINDOW_PHYS))" -ne "$((ex))" ] ||
		[ "$((WINDOW_SIZE))" -lt "$((0x300000))" ]; then
		echo "# example program skipped: no 3 MB window at $ex"
		return
	fi
	t "example program (mmap 3 MB at $ex, data[100] = 3) exits 0" \
		$bin/map_example
	if command -v devmem >/dev/null; then
		v=$(devmem "$((WINDOW_PHYS + 100))" 8)
		t "devmem reads byte 100 of the window back as 3 (got $v)" \
			test "$((v))" -eq 3
	fi
	# before the C suite below overwrites the window
	if command -v devmap >/dev/null; then
		e=$(printf '0x%x' "$((WINDOW_PHYS + 100))")
		v=$(devmap read "$e" 8 2>&1)
		t "devmap read $e 8 shows the example's 3 (got $v)" \
			test "$((v))" -eq 3
	fi
}

check_c_suite() {
	[ -x $bin/devmap_test ] || {
		not_ok "C guest suite devmap_test installed"
		return
	}
	$bin/devmap_test all "$BUF_PHYS" "$BUF_LEN" "$WINDOW_PHYS" "$WINDOW_SIZE"
}

check_permissions() {
	[ -x $bin/runas ] || return 0
	gid=$(sed -n "s/^$GROUP:[^:]*:\([0-9]*\):.*/\1/p" /etc/group)
	t "nobody outside group $GROUP: open /dev/map fails with EACCES" \
		sh -c "$bin/runas 65534 65534 - $bin/devmap_test open | grep -q EACCES"
	t "nobody in group $GROUP: open /dev/map works" \
		sh -c "$bin/runas 65534 65534 $gid $bin/devmap_test open | grep -q OK"
}

check_cli() {
	if ! command -v devmap >/dev/null; then
		not_ok "devmap CLI installed"
		return
	fi
	start=$(date +%s)
	t "devmap info" sh -c 'devmap info > /tmp/info.out 2>&1'
	sed 's/^/#   /' /tmp/info.out
	echo "# devmap info took $(($(date +%s) - start)) s"
	t "devmap info lists $WINDOW" grep -q "$WINDOW" /tmp/info.out
	a=$(printf '0x%x' "$((BUF_PHYS + 64))")
	t "devmap write $a 0x5a5aa5a5 (buffer window)" \
		devmap write "$a" 0x5a5aa5a5
	v=$(devmap read "$a" 2>&1)
	t "devmap read $a gives 0x5a5aa5a5 (got $v)" \
		test "$((v))" -eq "$((0x5a5aa5a5))"
	w=$(printf '0x%x' "$((WINDOW_PHYS + 0x1000))")
	devmap write "$w" 0x12345678 >/dev/null 2>&1
	v=$(devmap read "$w" 2>&1)
	t "devmap write/read $w on $WINDOW (got $v)" \
		test "$((v))" -eq "$((0x12345678))"
}

# Ant on the target (BR2_PACKAGE_ANT), when the image has it
check_ant() {
	command -v ant >/dev/null || return 0
	t "ant -version runs on the target" sh -c 'ant -version > /tmp/ant.out 2>&1'
	sed 's/^/#   /' /tmp/ant.out
}

check_selftest() {
	command -v devmap-selftest >/dev/null || return 0
	start=$(date +%s)
	if devmap-selftest >/tmp/selftest.out 2>&1; then
		ok "devmap-selftest (JUnit suite on the board)"
	else
		not_ok "devmap-selftest (JUnit suite on the board)"
	fi
	tail -n 15 /tmp/selftest.out | sed 's/^/#   /'
	echo "# devmap-selftest took $(($(date +%s) - start)) s"
}

main "$@"
