#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# guest-checks.sh: board checks of a devmap Buildroot image, run on the
# target at the end of boot by build-qemu-aarch64.sh (installed there as
# /etc/init.d/S99devmap-checks through a test-only rootfs overlay, with
# the C guest programs of tests/vm/guest in /usr/libexec/devmap-test).
# Prints "ok - ..." / "not ok - ..." lines between DEVMAP-CHECKS-BEGIN
# and DEVMAP-CHECKS-END; the host numbers and counts them. Powers off.
# "S99devmap-checks run" (by hand, or a board farm's test shell: LAVA's
# tests/lava/devmap-board-checks.yaml, tests/labgrid/) prints the same
# lines on stdout, whatever the kernel command line, and does not power off.
#
# Expected values come from /etc/devmap-checks.conf (written by the host
# script from the image's .config): GROUP, MODE (ls -l form),
# MODE_OCTAL (as configured), WINDOW
# (name), WINDOW_PHYS, WINDOW_SIZE, BUFFER_SIZE, DEV_MODE (static,
# devtmpfs, mdev or eudev), NODE_GROUP (the group /dev/map gets in that
# mode), STATIC_MAJOR, JAVA_RUNTIME (jre, jlink or jdk), JLINK_MODULES,
# VARIANT. The variant the image was booted as comes from the kernel
# command line (devmap_variant=NAME, set by build-qemu.sh --variant).

main() {
	case "${1:-start}" in
	start) grep -q devmap_checks=1 /proc/cmdline || exit 0 ;;
	run) ;;
	*) exit 0 ;;
	esac
	# shellcheck disable=SC1091 # written by the host script
	. /etc/devmap-checks.conf
	bin=/usr/libexec/devmap-test
	# The TAP helpers and the checks every board shares, installed
	# beside the guest programs
	# shellcheck disable=SC1091 # tests/board/checks.sh, put there by the runner
	. $bin/checks.sh
	NODE_GROUP=${NODE_GROUP:-$GROUP}
	cmdline_variant=$(sed -n 's/.*devmap_variant=\([^ ]*\).*/\1/p' /proc/cmdline)
	echo "DEVMAP-CHECKS-BEGIN"
	echo "# variant ${cmdline_variant:-none}, /dev ${DEV_MODE:-?}, Java ${JAVA_RUNTIME:-?}"
	t "booted as the image's variant (${VARIANT:-none}, cmdline ${cmdline_variant:-none})" \
		test "${cmdline_variant}" = "${VARIANT:-}"
	check_module
	check_dev_mode
	check_node
	check_windows
	check_example
	check_c_suite
	check_permissions
	check_cli
	check_selftest
	check_ant
	check_java_runtime
	check_build_on_board
	echo "DEVMAP-CHECKS-END"
	[ "${1:-start}" = run ] || poweroff -f
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
	t "/dev/map owner is root (is ${3:-none})" test "${3:-}" = root
	t "/dev/map group is $NODE_GROUP (is ${4:-none})" test "${4:-}" = "$NODE_GROUP"
	t "group $GROUP exists" grep -q "^$GROUP:" /etc/group
}

# How /dev is made: static (nodes in the root filesystem, no devtmpfs
# on /dev, /dev/map with the fixed major), devtmpfs (the kernel's node,
# nobody rewrites it), mdev (the mdev.conf line), eudev (the rule)
check_dev_mode() {
	devfs=$(awk '$2 == "/dev" { print $3 }' /proc/mounts)
	case "${DEV_MODE:-mdev}" in
	static)
		t "static /dev: /dev is not devtmpfs (is ${devfs:-the root filesystem})" \
			test "$devfs" != devtmpfs
		# shellcheck disable=SC2012,SC2046 # busybox may lack stat -c
		set -- $(ls -l /dev/map 2>/dev/null)
		t "static /dev: /dev/map is $STATIC_MAJOR, 0 (is ${5:-} ${6:-})" \
			test "${5:-}${6:-}" = "$STATIC_MAJOR,0"
		t "static /dev: driver registered major $STATIC_MAJOR (/proc/devices)" \
			sh -c "grep -q '^ *$STATIC_MAJOR map\$' /proc/devices"
		;;
	devtmpfs)
		t "devtmpfs /dev: /dev is devtmpfs (is ${devfs:-none})" \
			test "$devfs" = devtmpfs
		t "devtmpfs /dev: no hotplug helper" \
			test -z "$(cat /proc/sys/kernel/hotplug 2>/dev/null)"
		t "devtmpfs /dev: no S10mdev" test ! -e /etc/init.d/S10mdev
		;;
	mdev)
		t "mdev /dev: /dev is devtmpfs (is ${devfs:-none})" \
			test "$devfs" = devtmpfs
		t "mdev /dev: /etc/mdev.conf has the map line" \
			grep -q "^map[[:space:]]*root:$GROUP $MODE_OCTAL\$" /etc/mdev.conf
		;;
	eudev)
		t "eudev /dev: rule /lib/udev/rules.d/60-devmap.rules" \
			test -f /lib/udev/rules.d/60-devmap.rules
		;;
	esac
}

check_windows() {
	d=/sys/class/misc/map/windows
	board_window "$WINDOW" "$WINDOW_PHYS" "$WINDOW_SIZE" uncached
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
	# before the C suite below overwrites the window
	board_example $bin/map_example "$ex"
}

check_c_suite() {
	board_c_suite $bin/devmap_test "$BUF_PHYS" "$BUF_LEN" "$WINDOW_PHYS" "$WINDOW_SIZE"
}

check_permissions() {
	[ -x $bin/runas ] || return 0
	gid=$(sed -n "s/^$NODE_GROUP:[^:]*:\([0-9]*\):.*/\1/p" /etc/group)
	board_permissions $bin/runas $bin/devmap_test 65534 "$NODE_GROUP" "$gid"
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
		same_number "$v" 0x5a5aa5a5
	w=$(printf '0x%x' "$((WINDOW_PHYS + 0x1000))")
	devmap write "$w" 0x12345678 >/dev/null 2>&1
	v=$(devmap read "$w" 2>&1)
	t "devmap write/read $w on $WINDOW (got $v)" \
		same_number "$v" 0x12345678
}

# Ant on the target (BR2_PACKAGE_ANT), when the image has it
check_ant() {
	command -v ant >/dev/null || return 0
	t "ant -version runs on the target" sh -c 'ant -version > /tmp/ant.out 2>&1'
	sed 's/^/#   /' /tmp/ant.out
}

# The Java runtime of the image: its size, and for the jlink runtime
# its modules and class-data archive; P4 (docs/performance.md: the
# CLI's one-shot start against a bare java -version) in the variants
check_java_runtime() {
	command -v java >/dev/null || return 0
	jhome=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
	# shellcheck disable=SC2046 # du's first field
	set -- $(du -sk "$jhome")
	echo "# Java runtime $jhome: $(($1 / 1024)) MiB (${JAVA_RUNTIME:-jre})"
	# shellcheck disable=SC2046
	set -- $(df -k / | tail -n 1)
	echo "# root filesystem: $(($3 / 1024)) MiB used"
	if [ "${JAVA_RUNTIME:-}" = jlink ]; then
		# shellcheck disable=SC2046
		set -- $(du -sk "$jhome")
		t "jlink runtime is at most 50 MiB ($(($1 / 1024)) MiB)" \
			test "$1" -le $((50 * 1024))
		want=$(echo "$JLINK_MODULES" | tr , '\n' | sort | tr '\n' ' ')
		have=$(java --list-modules 2>&1 | sed 's/@.*//' | sort | tr '\n' ' ')
		t "jlink runtime has exactly the modules $want(has $have)" \
			test "$have" = "$want"
		t "jlink runtime has its class-data archive" \
			test -s "$jhome/lib/server/classes.jsa"
		t "java -Xshare:on -version maps the archive" \
			sh -c 'java -Xshare:on -version > /tmp/xshare.out 2>&1'
		sed 's/^/#   /' /tmp/xshare.out
		t "jlink runtime has no header files or man pages" \
			test ! -e "$jhome/include" -a ! -e "$jhome/man"
	fi
	[ -n "${VARIANT:-}" ] && command -v devmap >/dev/null && p4
}

# P4: median of 3 runs each, after one uncounted run of each (which
# writes the CLI's class-data archive), in ms from /proc/uptime
p4() {
	a=$(printf '0x%x' "$((BUF_PHYS + 64))")
	java -version >/dev/null 2>&1
	devmap read "$a" >/dev/null 2>&1
	jv=$(for _ in 1 2 3; do ms java -version; done | sort -n | sed -n 2p)
	cli=$(for _ in 1 2 3; do ms devmap read "$a"; done | sort -n | sed -n 2p)
	echo "# P4 ${JAVA_RUNTIME:-jre}: devmap read $cli ms, java -version $jv ms," \
		"ratio $((cli * 100 / (jv > 0 ? jv : 1)))/100"
	t "P4 measured (devmap read $cli ms, java -version $jv ms)" \
		test "$cli" -gt 0 -a "$jv" -gt 0
}

# ms COMMAND...: the command's wall time in ms (10 ms resolution)
ms() {
	t0=$(cut -d' ' -f1 /proc/uptime | tr -d .)
	"$@" >/dev/null 2>&1
	t1=$(cut -d' ' -f1 /proc/uptime | tr -d .)
	echo $(((t1 - t0) * 10))
}

# Building on the board (BR2_PACKAGE_DEVMAP_JAVA_SOURCES): the library
# compiled and its JUnit suite run by Ant with the board's JDK
check_build_on_board() {
	command -v devmap-build-test >/dev/null || return 0
	t "javac on the target" sh -c 'javac -version > /tmp/javac.out 2>&1'
	sed 's/^/#   /' /tmp/javac.out
	start=$(date +%s)
	if devmap-build-test >/tmp/build-test.out 2>&1; then
		ok "devmap-build-test: ant test builds and tests java-lib on the board"
	else
		not_ok "devmap-build-test: ant test builds and tests java-lib on the board"
	fi
	grep -E 'Tests run|BUILD|Testsuite' /tmp/build-test.out | tail -n 40 | sed 's/^/#   /'
	tail -n 5 /tmp/build-test.out | sed 's/^/#   /'
	echo "# devmap-build-test took $(($(date +%s) - start)) s"
	t "devmap-build-test ran tests and none failed" \
		sh -c 'grep -q "Tests run: [1-9]" /tmp/build-test.out &&
			! grep -Eq "(Failures|Errors): [1-9]" /tmp/build-test.out'
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
