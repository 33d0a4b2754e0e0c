# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# The board checks that every board runs, written once: sourced on the
# target by the Debian-kernel guests' init (tests/vm/guest/init.sh) and by
# the Buildroot images' checks (tests/buildroot/guest-checks.sh: the QEMU
# images and the Raspberry Pi 4). POSIX sh for busybox ash; defines
# functions only. Each check prints unnumbered TAP lines ("ok - ...",
# "not ok - ...") and "# ..." facts; the host side numbers and counts them.
#
# TAP helpers:
#   ok DESCRIPTION / not_ok DESCRIPTION
#   is DESCRIPTION GOT WANT       one line from a comparison
#   t DESCRIPTION COMMAND...      one line from a command's status
#   check DESCRIPTION COMMAND...  the same under a timeout of STEP seconds
#                                 (default 60), so that a hang fails
#   with_timeout SECONDS COMMAND...
# Checks:
#   board_window NAME PHYS SIZE MODE  a window in sysfs
#   board_example PROGRAM PHYS    the original example program
#   board_c_suite PROGRAM BUF_PHYS BUF_LEN WIN_PHYS WIN_LEN
#   board_permissions RUNAS DEVMAP_TEST UID GROUP GID

ok() {
	echo "ok - $*"
}

not_ok() {
	echo "not ok - $*"
}

is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$2')"; fi
}

t() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

check() {
	desc=$1
	shift
	if with_timeout "${STEP:-60}" "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# with_timeout SECONDS COMMAND...: COMMAND under timeout where the board
# has one (Buildroot's busybox comes without the timeout applet)
with_timeout() {
	if command -v timeout >/dev/null; then
		timeout "$@"
	else
		shift
		"$@"
	fi
}

# same_number A B: A and B are the same number, whatever their base
# (sysfs prints hex, a configuration may say 3145728); false, not a shell
# error, when either is not a number
same_number() {
	sn_a=$(printf '%d' "$1" 2>/dev/null) && sn_b=$(printf '%d' "$2" 2>/dev/null) &&
		[ "$sn_a" = "$sn_b" ]
}

# board_window NAME PHYS SIZE MODE: the window NAME is in sysfs with that
# physical address, size and cache mode (four lines).
board_window() {
	bw=/sys/class/misc/map/windows/$1
	t "sysfs window $1 exists" test -d "$bw"
	bw_got=$(cat "$bw/phys" 2>/dev/null)
	t "sysfs $1/phys is $2 (${bw_got:-none})" same_number "$bw_got" "$2"
	bw_got=$(cat "$bw/size" 2>/dev/null)
	t "sysfs $1/size is $3 (${bw_got:-none})" same_number "$bw_got" "$3"
	is "sysfs $1/mode is $4" "$(cat "$bw/mode" 2>/dev/null)" "$4"
}

# board_example PROGRAM PHYS: the original example program maps 3 MB at
# PHYS (its hard-coded 0xc0000000, or where the host moved it) and writes
# 3 at byte 100; dd on /dev/map and, where the image has it, the devmap
# CLI must read that byte back. The caller checks that a 3 MB window
# lies at PHYS.
board_example() {
	if [ ! -x "$1" ]; then
		not_ok "example program $1 installed"
		return
	fi
	check "original example program maps 3 MB at $2 and writes data[100] = 3" "$1"
	ex_addr=$(printf '0x%x' $(($2 + 100)))
	ex_byte=$(dd if=/dev/map bs=1 skip=$((ex_addr)) count=1 2>/dev/null |
		od -An -tu1 | tr -d ' ')
	echo "# example: byte at $ex_addr = $ex_byte (dd on /dev/map)"
	is "dd on /dev/map reads 3 at $ex_addr" "$ex_byte" 3
	command -v devmap >/dev/null || return 0
	ex_got=$(with_timeout "${JAVA_STEP:-180}" devmap read "$ex_addr" 8 2>&1)
	echo "# example: byte at $ex_addr = $ex_got (devmap CLI)"
	is "devmap read $ex_addr 8 = 0x03" "$ex_got" 0x03
}

# board_c_suite PROGRAM BUF_PHYS BUF_LEN WIN_PHYS WIN_LEN: the C suite
# (tests/vm/guest/devmap_test.c) on a cached buffer and an uncached
# window; it prints its own TAP lines.
board_c_suite() {
	if [ ! -x "$1" ]; then
		not_ok "C guest suite $1 installed"
		return
	fi
	with_timeout 120 "$1" all "$2" "$3" "$4" "$5" ||
		echo "# devmap_test exited with status $?"
}

# board_permissions RUNAS DEVMAP_TEST UID GROUP GID: /dev/map (mode 0660,
# group GROUP) refuses a user outside GROUP with EACCES and opens for the
# same user with GROUP's GID added.
board_permissions() {
	if [ ! -x "$1" ] || [ ! -x "$2" ]; then
		not_ok "permission helpers $1 and $2 installed"
		return
	fi
	is "uid $3 outside group $4: open /dev/map fails with EACCES" \
		"$("$1" "$3" "$3" - "$2" open)" EACCES
	is "uid $3 in group $4 (gid $5): open /dev/map works" \
		"$("$1" "$3" "$3" "$5" "$2" open)" OK
}
