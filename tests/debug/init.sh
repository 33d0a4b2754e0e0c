#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# PID 1 of tests/debug/run.sh's initramfs (the debug kernel run on its
# own, until tests/vm/run.sh boots the debug kernel with the whole guest
# suite): the C guest suite (devmap_test) on the ivshmem BAR and the
# kernel buffer, then guest-stress.sh. Prints unnumbered TAP lines.

export PATH=/bin:/sbin

main() {
	/bin/busybox --install -s /bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t tmpfs tmpfs /tmp
	mount -t debugfs debugfs /sys/kernel/debug
	dmesg -n 1
	# shellcheck source=/dev/null # written by tests/debug/run.sh
	. /etc/devmap-test.conf
	echo "# board: x86_64 debug ($(uname -r), $(nproc) CPUs)"
	c_suite
	/bin/devmap-stress.sh "$STRESS"
	echo "# devmap-guest-done"
	sync
	poweroff -f
}

c_suite() {
	for dev in /sys/bus/pci/devices/*; do
		[ "$(cat "$dev/vendor")" = 0x1af4 ] || continue
		[ "$(cat "$dev/device")" = 0x1110 ] || continue
		echo 1 >"$dev/enable" 2>/dev/null
		# shellcheck disable=SC2046 # the line's fields: start end flags
		set -- $(sed -n 3p "$dev/resource")
		phys=$(printf '0x%x' "$1")
		size=$(printf '0x%x' $(($2 - $1 + 1)))
	done
	if [ -z "$phys" ]; then
		echo "not ok - ivshmem device found"
		return
	fi
	if ! insmod /lib/devmap/devmap.ko devmap_windows="ivshmem:$phys:$size:uncached" \
		devmap_buffer_size=1M; then
		echo "not ok - insmod devmap.ko for the C suite"
		return
	fi
	echo "ok - insmod devmap.ko for the C suite"
	timeout 300 devmap_test all "$(cat /sys/class/misc/map/windows/buffer/phys)" \
		0x100000 "$phys" "$size" ||
		echo "# devmap_test exited with status $?"
	if rmmod devmap; then
		echo "ok - rmmod after the C suite"
	else
		echo "not ok - rmmod after the C suite"
	fi
}

main "$@"
