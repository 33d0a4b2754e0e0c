#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# guest-stress.sh SECONDS
#
# Guest side of the debug kernel run (installed as /bin/devmap-stress.sh
# beside /bin/devmap-stress and /bin/devmap-logcheck). After the guest
# suite, on the same ivshmem device:
#   1. devmap-stress (stress.c) for SECONDS over an uncached, a wc and a
#      cached window on the ivshmem BAR plus DMA buffers of each mode (one
#      from CMA when the kernel has a CMA area), while a loop
#      unloads and reloads the module (refused while a file or mapping is
#      open, clean when none is);
#   2. 100 load/unload cycles;
#   3. a kmemleak scan, its report printed;
#   4. the kernel log checked for KASAN, KFENCE, UBSAN, lockdep, kmemleak,
#      WARN and BUG reports.
# The part of the BAR that the stress writes is saved first and put back
# at the end, so that the host's check of the suite's fill still holds.
# Prints unnumbered TAP lines ("ok - ..." / "not ok - ..."), as init.sh.
#
# Environment: MOD (default /lib/devmap/devmap.ko), STRESS_PROCS and
# STRESS_THREADS (default 3 and 3).

MOD=${MOD:-/lib/devmap/devmap.ko}
SYSFS=/sys/class/misc/map/windows
KMEMLEAK=/sys/kernel/debug/kmemleak
PROCS=${STRESS_PROCS:-3}
THREADS=${STRESS_THREADS:-3}
CYCLES=100
# The stress windows: three 1020K windows, one per cache mode, 1M apart on
# the BAR, so each has a gap after its end (reads there are end of file).
SPAN=$((3 * 1024 * 1024))

main() {
	seconds=$1
	case "$seconds" in
	'' | *[!0-9]*)
		echo "not ok - devmap-stress.sh: SECONDS '$seconds' is not a number"
		return 1
		;;
	esac
	if ! find_bar; then
		not_ok "stress: ivshmem BAR of at least 4M found"
		return 1
	fi
	[ -e $KMEMLEAK ] ||
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ -d /sys/module/devmap ]; then
		check "stress: rmmod the suite's module" rmmod devmap
	fi
	save_bar || return 1
	kmemleak_baseline
	stress "$seconds"
	cycles
	restore_bar
	kmemleak_check
	# A wrapped ring buffer would hide early reports (boot with
	# log_buf_len=4M).
	check "kernel log complete since boot (ring buffer did not wrap)" \
		sh -c 'dmesg | head -n 1 | grep -q "Linux version"'
	dmesg | devmap-logcheck "kernel log after stress, $CYCLES load cycles and kmemleak scan"
	echo "# devmap-stress-done"
}

ok() {
	echo "ok - $*"
}

not_ok() {
	echo "not ok - $*"
}

check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

find_bar() {
	for dev in /sys/bus/pci/devices/*; do
		[ "$(cat "$dev/vendor")" = 0x1af4 ] || continue
		[ "$(cat "$dev/device")" = 0x1110 ] || continue
		echo 1 >"$dev/enable" 2>/dev/null
		# shellcheck disable=SC2046 # the line's fields: start end flags
		set -- $(sed -n 3p "$dev/resource")
		BAR=$(($1))
		[ $(($2 - $1 + 1)) -ge $((4 * 1024 * 1024)) ] && return 0
	done
	return 1
}

hex() {
	printf '0x%x' "$1"
}

stress_windows() {
	echo "uc:$(hex "$BAR"):1020K:uncached,wc:$(hex $((BAR + 0x100000))):1020K:wc,cached:$(hex $((BAR + 0x200000))):1020K:cached"
}

# DMA buffers of each mode, and one beyond the page allocator's largest
# block when the kernel has a CMA area (cma= on its command line).
buffers() {
	b=buffer:1M,dmauc:512K:uncached,dmawc:256K:wc
	cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	[ "${cma_kb:-0}" -ge 32768 ] && b=$b,cma:16M
	echo "$b"
}

load() {
	insmod "$MOD" devmap_windows="$(stress_windows)" \
		devmap_buffers="$(buffers)" devmap_mode=0600
}

# The first 3M of the BAR, through a temporary window over it.
save_bar() {
	if ! insmod "$MOD" devmap_windows="bar:$(hex "$BAR"):3M:uncached"; then
		not_ok "stress: load devmap with a window over the BAR"
		return 1
	fi
	dd if=/dev/map of=/tmp/bar.save bs=64k skip=$((BAR / 65536)) \
		count=$((SPAN / 65536)) 2>/dev/null
	rmmod devmap
	check "stress: saved the BAR's first 3M" \
		[ "$(wc -c </tmp/bar.save)" -eq $SPAN ]
}

restore_bar() {
	insmod "$MOD" devmap_windows="bar:$(hex "$BAR"):3M:uncached" || {
		not_ok "stress: BAR restored"
		return
	}
	dd if=/tmp/bar.save of=/dev/map bs=64k seek=$((BAR / 65536)) \
		conv=notrunc 2>/dev/null
	dd if=/dev/map of=/tmp/bar.now bs=64k skip=$((BAR / 65536)) \
		count=$((SPAN / 65536)) 2>/dev/null
	check "stress: BAR restored to what the suite left" \
		cmp -s /tmp/bar.save /tmp/bar.now
	rmmod devmap
	rm -f /tmp/bar.save /tmp/bar.now
}

# Leaks from before (boot, the suite) are printed and cleared, so that the
# final scan shows what the stress and the cycles left.
kmemleak_baseline() {
	[ -e $KMEMLEAK ] || return 0
	echo scan >$KMEMLEAK
	if grep -q 'unreferenced object' $KMEMLEAK; then
		echo "# kmemleak before the stress (boot and guest suite):"
		sed 's/^/#   /' $KMEMLEAK
		not_ok "kmemleak: no leaks before the stress"
	fi
	echo clear >$KMEMLEAK
}

# Unload and reload the module every 0.2 s while the stress runs, once
# devmap-stress has read the window table (its first line says which it
# found) or has ended.
reloader() {
	refused=0 unloaded=0 bad=0
	while [ -e /tmp/stress.running ] && ! grep -q windows: /tmp/stress.out; do
		sleep 0.1
	done
	while [ -e /tmp/stress.running ]; do
		sleep 0.2
		if out=$(rmmod devmap 2>&1); then
			unloaded=$((unloaded + 1))
			if ! load; then
				bad=$((bad + 1))
				echo "# reloader: insmod failed"
			fi
		else
			case "$out" in
			*"temporarily unavailable"* | *"busy"*)
				refused=$((refused + 1)) ;;
			*)
				bad=$((bad + 1))
				echo "# reloader: rmmod: $out" ;;
			esac
		fi
	done
	echo "$refused $unloaded $bad" >/tmp/reloader.counts
}

stress() {
	seconds=$1
	check "stress: load devmap ($(stress_windows), buffers $(buffers))" load
	: >/tmp/stress.out
	touch /tmp/stress.running
	reloader &
	reloader_pid=$!
	start=$(date +%s)
	# (its failures go to stderr, on the console at once)
	if timeout $((seconds + 120)) devmap-stress "$seconds" "$PROCS" \
		"$THREADS" >/tmp/stress.out; then
		cat /tmp/stress.out
		ok "stress: $PROCS processes x $THREADS threads for $seconds s, no unexpected result"
	else
		cat /tmp/stress.out
		not_ok "stress: $PROCS processes x $THREADS threads for $seconds s, no unexpected result"
	fi
	rm -f /tmp/stress.running
	wait $reloader_pid
	# shellcheck disable=SC2046 # three numbers
	set -- $(cat /tmp/reloader.counts)
	echo "# stress: $(($(date +%s) - start)) s; module reloads: $2 unloaded and reloaded, $1 rmmod refused while in use, $3 unexpected"
	check "stress: rmmod refused while /dev/map is in use ($1 times)" [ "$1" -gt 0 ]
	check "stress: module unloaded and reloaded when idle ($2 times)" [ "$2" -gt 0 ]
	check "stress: reload loop without unexpected errors" [ "$3" = 0 ]
	if [ -d /sys/module/devmap ]; then
		check "stress: rmmod after the stress" rmmod devmap
	fi
}

cycles() {
	i=0 bad=0 start=$(date +%s)
	while [ $i -lt $CYCLES ]; do
		if ! load; then
			bad=$((bad + 1))
		elif [ ! -c /dev/map ] || [ ! -d $SYSFS/buffer ]; then
			bad=$((bad + 1))
			rmmod devmap
		elif ! rmmod devmap; then
			bad=$((bad + 1))
		fi
		i=$((i + 1))
	done
	echo "# $CYCLES load/unload cycles in $(($(date +%s) - start)) s"
	check "$CYCLES load/unload cycles ($bad failed)" [ $bad = 0 ]
	check "no devmap left after the cycles" [ ! -d /sys/module/devmap ]
}

kmemleak_check() {
	if [ ! -e $KMEMLEAK ]; then
		ok "kmemleak scan # SKIP no kmemleak in this kernel"
		return
	fi
	# Objects younger than 5 s are not reported: let them age, then
	# scan twice (the second settles what the first saw moving).
	sleep 6
	start=$(date +%s)
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(grep -c 'unreferenced object' $KMEMLEAK)
	echo "# kmemleak: two scans in $(($(date +%s) - start)) s"
	if [ "$leaks" = 0 ]; then
		ok "kmemleak: no leaks after the stress and $CYCLES cycles"
	else
		not_ok "kmemleak: no leaks after the stress and $CYCLES cycles ($leaks objects)"
		sed 's/^/#   /' $KMEMLEAK | head -n 200
	fi
}

main "$@"
