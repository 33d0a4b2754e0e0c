#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# check-kernel-log.sh [LABEL [LOG]]
#
# One TAP line: "ok" when the kernel log LOG (default: standard input,
# e.g. `dmesg | check-kernel-log.sh after-stress`) holds no report from
# the kernel's bug finders (KASAN, KFENCE, UBSAN, lockdep, kmemleak) and
# no WARN, BUG or oops; otherwise "not ok" and the reports, as "#" lines.
# Plain POSIX sh and grep: runs in the busybox guest (installed there as
# /bin/devmap-logcheck) and on the host over a console log.
# Exit status: 0 clean, 1 reports found, 2 LOG unreadable.

# Each report of these tools starts with one of these (case-sensitive:
# their harmless boot lines, e.g. "kasan: KernelAddressSanitizer
# initialized", are lower case).
PATTERNS='BUG:
WARNING:
KASAN
KFENCE
UBSAN
possible circular locking
possible recursive locking
inconsistent lock state
suspicious RCU usage
unreferenced object
suspected memory leak
Call Trace
Oops
general protection fault
Kernel panic
list_add corruption
list_del corruption'

main() {
	label=${1:-kernel log}
	log=${2:--}
	if [ "$log" != - ] && [ ! -r "$log" ]; then
		echo "check-kernel-log.sh: cannot read '$log'" >&2
		exit 2
	fi
	tmp=${TMPDIR:-/tmp}/devmap-logcheck.$$
	cat -- "$log" >"$tmp" || exit 2
	echo "$PATTERNS" >"$tmp.pat"
	found=$(grep -c -F -f "$tmp.pat" "$tmp")
	what="no KASAN, KFENCE, UBSAN, lockdep, kmemleak, WARN or BUG reports"
	if [ "$found" = 0 ]; then
		echo "ok - $label: $what"
		rm -f "$tmp" "$tmp.pat"
		exit 0
	fi
	echo "not ok - $label: $what ($found report lines)"
	# Each hit with a few lines after it: the report's first frames.
	grep -F -A 12 -f "$tmp.pat" "$tmp" | head -n 200 | sed 's/^/#   /'
	rm -f "$tmp" "$tmp.pat"
	exit 1
}

main "$@"
