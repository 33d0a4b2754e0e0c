#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Guest side of the board validation: PID 1 of the test initramfs. Prints
# TAP lines ("ok - ..." / "not ok - ..."), which the host numbers, and
# "# key: value" facts the host checks (the ivshmem fill). Every test runs
# under a timeout so that a hung test fails in bounded time.

export PATH=/bin:/sbin
# The TAP helpers and the checks every board shares (tests/board/checks.sh).
# shellcheck source=tests/board/checks.sh
. /lib/devmap/checks.sh
IVSHMEM_BY_JAVA=0
MOD=/lib/devmap/devmap.ko
SYSFS=/sys/class/misc/map/windows
BUFFER_SIZE=0x100000
STEP=60

main() {
	setup
	# shellcheck source=/dev/null # written by run.sh into the image
	. /etc/devmap-test.conf
	echo "# board: $BOARD ($(uname -m), kernel $(uname -r))"
	if [ "$JAVA" = 1 ]; then
		# shellcheck source=tests/vm/guest/guest-java.sh
		. /opt/devmap/guest-java.sh
		java_base_cds
	fi
	find_ivshmem
	if [ "$DEMO" = 1 ]; then
		demo
	elif [ "$DEMO" = bench ]; then
		load_module devmap_mode=0660
		# shellcheck source=/dev/null # tests/bench/guest.sh
		. /bin/bench-guest.sh
	else
		test_load_refusals
		test_claimed_region
		test_failed_load_race
		# shellcheck source=tests/vm/guest/irq-tests.sh
		. /bin/irq-tests.sh && test_irq
		load_module devmap_mode=0660
		test_sysfs
		test_iomem
		test_uevents
		test_c_suite
		test_protection
		test_no_dt_node
		test_permissions
		test_rmmod_while_mapped
		test_fixed_major
		test_buffers
		test_example
		test_java
		fill_ivshmem
		test_ro_attack
		test_dmesg
		# The debug kernel run (tests/debug): the stress, load/unload
		# cycles and kmemleak scan in this same boot.
		if [ -n "${STRESS:-}" ]; then
			/bin/devmap-stress.sh "$STRESS"
		fi
	fi
	echo "# devmap-guest-done"
	sync
	poweroff -f
}

setup() {
	/bin/busybox --install -s /bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t tmpfs tmpfs /tmp
	# where the devmap launcher keeps its class-data archive
	mkdir -p /var/cache/devmap
	dmesg -n 1
}

# The ivshmem device's BAR2 is real shared memory that the host can read
# after poweroff. Its address depends on the machine: look it up.
find_ivshmem() {
	IVSHMEM=
	for dev in /sys/bus/pci/devices/*; do
		[ "$(cat "$dev/vendor")" = 0x1af4 ] || continue
		[ "$(cat "$dev/device")" = 0x1110 ] || continue
		# the ivshmem-doorbell device is irq-tests.sh's
		[ "${dev##*/}" = "${DOORBELL:-}" ] && continue
		# No driver binds it: enable memory decoding ourselves.
		echo 1 >"$dev/enable" 2>/dev/null
		# shellcheck disable=SC2046 # the line's fields: start end flags
		set -- $(sed -n 3p "$dev/resource")
		IVSHMEM_PHYS=$(printf '0x%x' "$1")
		IVSHMEM_SIZE=$(printf '0x%x' $(($2 - $1 + 1)))
		IVSHMEM="ivshmem:$IVSHMEM_PHYS:$IVSHMEM_SIZE:uncached"
		IVSHMEM_BDF=${dev##*/}
		echo "# ivshmem BAR2 at $IVSHMEM_PHYS size $IVSHMEM_SIZE ($dev)"
	done
	if [ -z "$IVSHMEM" ]; then
		not_ok "ivshmem device found"
		echo "# devmap-guest-done"
		poweroff -f
	fi
}

windows() {
	w=$IVSHMEM
	[ -n "$SDRAM_WINDOW" ] && w="$w,$SDRAM_WINDOW"
	echo "$w"
}

load_module() {
	check "insmod devmap.ko ($(windows), 1M buffer, $*)" \
		insmod $MOD devmap_windows="$(windows)" \
		devmap_buffer_size=1M "$@"
	BUF_PHYS=$(cat $SYSFS/buffer/phys 2>/dev/null)
}

# log_mark remembers where the kernel log ends, log_since prints what
# came after. The log is never cleared: the last checks (test_dmesg, the
# debug kernel's) must see every report since boot.
log_mark() {
	LOG_MARK=$(dmesg | wc -l)
}

log_since() {
	dmesg | tail -n +$((LOG_MARK + 1))
}

# refuse NAME PARAMS...: loading with PARAMS must fail and the kernel log
# must name the bad value (NAME).
refuse() {
	want=$1
	shift
	log_mark
	if insmod $MOD "$@" 2>/dev/null; then
		not_ok "load refused: $*"
		rmmod devmap
		return
	fi
	if [ -d /sys/module/devmap ]; then
		not_ok "load refused, nothing left behind: $*"
		return
	fi
	if log_since | grep -q -F -- "$want"; then
		ok "load refused, log names '$want': $*"
	else
		not_ok "load refused, log names '$want': $*"
		log_since | tail -n 3 | sed 's/^/#   /'
	fi
}

test_load_refusals() {
	b=$IVSHMEM_PHYS
	ram=$(sed -n 's/^ *\([0-9a-f]*\)-.* : System RAM$/\1/p' /proc/iomem |
		head -n 1)
	[ "$ram" = 00000000 ] && ram=00100000
	refuse "zz" devmap_windows="a:zz:4K"
	refuse "a:$b" devmap_windows="a:$b"
	refuse "4Q" devmap_windows="a:$b:4Q"
	refuse "fast" devmap_windows="a:$b:4K:fast"
	refuse "b/c" devmap_windows="b/c:$b:4K"
	refuse "0x800" devmap_windows="a:$b:0x800"
	refuse "0xfffffffffffff000" devmap_windows="a:0xfffffffffffff000:0x2000"
	refuse "overlaps window a" devmap_windows="a:$b:8K,b:$((b + 4096)):4K"
	refuse "name already used" devmap_windows="a:$b:4K,a:$((b + 8192)):4K"
	refuse "overlaps System RAM" devmap_windows="ram:0x$ram:4K"
	refuse "12345" devmap_buffer_size=12345
	refuse "devmap_buffer_size '64G' refused" devmap_buffer_size=64G
	refuse "01000" devmap_mode=512
	refuse "99999999999999999999" devmap_buffer_size=99999999999999999999
}

# sysfs_is WINDOW FILE VALUE
sysfs_is() {
	got=$(cat "$SYSFS/$1/$2" 2>&1)
	if [ "$got" = "$3" ]; then
		ok "sysfs $1/$2 = $3"
	else
		not_ok "sysfs $1/$2 = $3 (got '$got')"
	fi
}

test_sysfs() {
	board_window ivshmem "$IVSHMEM_PHYS" "$IVSHMEM_SIZE" uncached
	sysfs_is ivshmem source param
	sysfs_is buffer size 0x100000
	sysfs_is buffer mode cached
	sysfs_is buffer source buffer
	if [ -n "$SDRAM_WINDOW" ]; then
		board_window sdram 0xc0000000 0x300000 uncached
	fi
	if [ "$DT_WINDOWS" = 1 ]; then
		test_dt_windows
	fi
	is "/dev/map mode 0660 from devmap_mode" "$(stat -c %a /dev/map)" 660
}

# Windows from device-tree nodes (tests/vm/guest/arm64-windows.dtsi).
test_dt_windows() {
	sysfs_is fpga phys 0xc0400000
	sysfs_is fpga size 0x100000
	sysfs_is fpga mode uncached
	sysfs_is fpga source dt
	sysfs_is dsp-window phys 0xbff00000
	sysfs_is dsp-window mode wc
	sysfs_is dsp-window source dt
	sysfs_is dtbuf size 0x100000
	sysfs_is dtbuf mode cached
	sysfs_is dtbuf source dt
	sysfs_is dtbuf coherent 0
	dtbuf=$(cat $SYSFS/dtbuf/phys)
	if [ $((dtbuf)) -ge $((0xb0800000)) ] &&
		[ $((dtbuf + 0x100000)) -le $((0xb0c00000)) ]; then
		ok "dtbuf lies in its reusable pool (0xb0800000+4M): $dtbuf"
	else
		not_ok "dtbuf lies in its reusable pool (0xb0800000+4M): $dtbuf"
	fi
	sysfs_is poolbuf size 0x200000
	sysfs_is poolbuf mode uncached
	pool=$(cat $SYSFS/poolbuf/phys)
	if [ $((pool)) -ge $((0xb0000000)) ] &&
		[ $((pool + 0x200000)) -le $((0xb0400000)) ]; then
		ok "poolbuf lies in its shared-dma-pool (0xb0000000+4M): $pool"
	else
		not_ok "poolbuf lies in its shared-dma-pool (0xb0000000+4M): $pool"
	fi
	for w in 0xc0400000 0xbff00000 "$(cat $SYSFS/dtbuf/phys)" "$pool"; do
		printf 'devmap-dt' | dd of=/dev/map bs=1 seek=$((w + 16)) \
			2>/dev/null
		is "DT window $w: write and read back through /dev/map" \
			"$(dd if=/dev/map bs=1 skip=$((w + 16)) count=9 2>/dev/null)" \
			devmap-dt
	done
	# Unbound with live mappings: revoked; the buffers' pools rebind.
	for w in fpga:c0400000.fpga poolbuf:pool-buffer dtbuf:dt-buffer; do
		with_timeout 120 devmap_guard_test revoke "${w%%:*}" platform "${w#*:}" ||
			echo "# devmap_guard_test revoke ${w%%:*} exited with status $?"
	done
}

# A read-only descriptor or mapping never writes, on any path: the
# buffer window and the ivshmem window (whose bytes the host checks).
test_protection() {
	with_timeout 120 devmap_guard_test protect "$BUF_PHYS" ||
		echo "# devmap_guard_test protect (buffer) exited with status $?"
	with_timeout 120 devmap_guard_test protect "$IVSHMEM_PHYS" ||
		echo "# devmap_guard_test protect (ivshmem) exited with status $?"
}

# After the fill: writes that must be refused, into the ivshmem window.
# The host then finds every byte of the fill (report.py --ivshmem).
test_ro_attack() {
	with_timeout 120 devmap_guard_test ro-attack "$IVSHMEM_PHYS" ||
		echo "# devmap_guard_test ro-attack exited with status $?"
}

# driver_override hands devmap a platform device with no device-tree
# node (its own devmap-dma): refused, with the reason, never an oops.
test_no_dt_node() {
	dev=/sys/bus/platform/devices/devmap-dma
	if [ ! -d $dev ]; then
		not_ok "platform device devmap-dma present (devmap_buffer_size=1M)"
		return
	fi
	log_mark
	echo devmap >$dev/driver_override
	echo devmap-dma >/sys/bus/platform/drivers_probe 2>/dev/null
	is "driver_override: devmap does not bind a platform device without a device-tree node" \
		"$(readlink $dev/driver 2>/dev/null)" ""
	is "driver_override: the refusal is logged" \
		"$(log_since | grep -c 'devmap-dma: no device-tree node')" 1
	echo >$dev/driver_override
}

# Loads that fail, after /dev/map is registered (a claimed region) and
# before (a bad devmap_pci entry), while a process keeps opening
# /dev/map and mapping: nothing is left behind, nothing crashes.
test_failed_load_race() {
	claim=$(claimed_page)
	phys=${claim%% *}
	devmap_guard_test open-loop 3600 "$IVSHMEM_PHYS" >/tmp/openloop 2>&1 &
	looper=$!
	i=0
	while [ $i -lt 10 ]; do
		insmod $MOD devmap_windows="$IVSHMEM,taken:$phys:4K" 2>/dev/null &&
			rmmod devmap
		insmod $MOD devmap_pci=zz 2>/dev/null && rmmod devmap
		i=$((i + 1))
	done
	kill -0 $looper 2>/dev/null
	is "20 failed loads while a process opens and maps /dev/map: it still runs" $? 0
	kill $looper 2>/dev/null
	wait $looper 2>/dev/null
	is "20 failed loads leave no module behind" \
		"$([ -d /sys/module/devmap ] && echo loaded)" ""
	sed 's/^/# /' /tmp/openloop
}

test_c_suite() {
	# The last page of the BAR stays for the host-checked fill.
	board_c_suite /bin/devmap_test "$BUF_PHYS" "$BUFFER_SIZE" \
		"$IVSHMEM_PHYS" "$IVSHMEM_SIZE"
}

test_permissions() {
	chgrp 100 /dev/map
	board_permissions /bin/runas /bin/devmap_test 1000 devmap 100
}

# ready PID TEST...: wait until TEST succeeds (the background helper PID
# has signalled: it printed that it holds, listens...) as long as a step
# may take (STEP seconds); false at once if PID ended without it.
ready() {
	rd_pid=$1
	shift
	rd_end=$(($(date +%s) + STEP))
	until "$@"; do
		if ! kill -0 "$rd_pid" 2>/dev/null || [ "$(date +%s)" -ge $rd_end ]; then
			"$@"
			return
		fi
		sleep 0.1
	done
}

# rmmod_refused_while_held PHYS DESCRIPTION: a process maps a page at
# PHYS and closes its fd; rmmod must fail while it lives. One TAP line;
# returns 1 when rmmod unloaded the module all the same. A holder that
# never maps is a failure of its own, and rmmod is not tried.
rmmod_refused_while_held() {
	# Emptied here: the redirection below truncates in the child, which
	# may run after ready's first look finds an earlier holder's line.
	: >/tmp/hold
	devmap_test hold "$1" 0x1000 >/tmp/hold 2>&1 &
	holder=$!
	refused=0
	if ! ready $holder grep -q holding /tmp/hold; then
		not_ok "holder for '$2': devmap_test hold $1 maps within $STEP s (got '$(cat /tmp/hold)')"
	elif rmmod devmap 2>/dev/null; then
		not_ok "$2"
		refused=1
	else
		ok "$2"
	fi
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
	return $refused
}

test_rmmod_while_mapped() {
	if rmmod_refused_while_held "$BUF_PHYS" \
		"rmmod refused while a mapping lives (fd closed)"; then
		check "rmmod after the mapping is gone" rmmod devmap
	fi
	load_module devmap_mode=0660
}

# iomem_lines: the devmap claims in /proc/iomem, "start-end : name" each.
iomem_lines() {
	sed -n 's/^ *\([0-9a-f]*-[0-9a-f]*\) : \(devmap:.*\)$/\1 \2/p' /proc/iomem
}

# iomem_has NAME PHYS SIZE: one TAP line, /proc/iomem shows the claim.
iomem_has() {
	start=$(printf '%08x' "$2")
	end=$(printf '%08x' $(($2 + $3 - 1)))
	if iomem_lines | grep -q -x "0*$start-0*$end devmap:$1"; then
		ok "/proc/iomem: devmap:$1 at $start-$end"
	else
		not_ok "/proc/iomem: devmap:$1 at $start-$end"
		iomem_lines | sed 's/^/#   /'
	fi
}

# Every window is claimed in the resource tree under its own name.
test_iomem() {
	iomem_has ivshmem "$IVSHMEM_PHYS" "$IVSHMEM_SIZE"
	iomem_has buffer "$BUF_PHYS" "$BUFFER_SIZE"
	if [ -n "$SDRAM_WINDOW" ]; then
		iomem_has sdram 0xc0000000 0x300000
	fi
	if [ "$DT_WINDOWS" = 1 ]; then
		iomem_has fpga 0xc0400000 0x100000
		iomem_has dsp-window 0xbff00000 0x100000
		iomem_has dtbuf "$(cat $SYSFS/dtbuf/phys)" 0x100000
		iomem_has poolbuf "$(cat $SYSFS/poolbuf/phys)" 0x200000
	fi
}

# claimed_page: the page of a region that a kernel driver holds on this
# board ("PHYS OWNER": the deepest /proc/iomem entry over that page).
claimed_page() {
	case "$BOARD" in
	arm64) pat=pl011 ;;
	*) pat=HPET ;;
	esac
	line=$(grep -m 1 "$pat" /proc/iomem) || return 1
	start=$((0x$(echo "$line" | sed 's/^ *\([0-9a-f]*\)-.*/\1/')))
	page=$((start & ~4095))
	awk -v lo="$page" -v hi=$((page + 4095)) '
		function hex(s,  i, c, v) {
			v = 0
			for (i = 1; i <= length(s); i++) {
				c = index("0123456789abcdef", substr(s, i, 1))
				v = v * 16 + c - 1
			}
			return v
		}
		{
			match($0, /^ */)
			d = RLENGTH
			split(substr($0, d + 1), f, /[- ]/)
			name = $0
			sub(/^[^:]*: /, "", name)
			if (hex(f[1]) <= hi && hex(f[2]) >= lo && d > best) {
				best = d
				owner = name
			}
		}
		BEGIN { best = -1 }
		END { print owner }' /proc/iomem >/tmp/owner
	# busybox awk prints %x of 32 bits only
	printf '0x%x %s\n' "$page" "$(cat /tmp/owner)"
}

# A window over a region another driver holds is refused, naming the
# holder; ":shared" maps it anyway, unclaimed.
test_claimed_region() {
	claim=$(claimed_page)
	if [ -z "$claim" ]; then
		not_ok "a driver-claimed region found in /proc/iomem"
		return
	fi
	phys=${claim%% *}
	owner=${claim#* }
	echo "# claimed region: $phys held by '$owner'"
	refuse "claimed by '$owner'" devmap_windows="taken:$phys:4K"
	log_mark
	check "load with taken:$phys:4K:uncached:shared" \
		insmod $MOD devmap_windows="taken:$phys:4K:uncached:shared"
	is "shared window: not in /proc/iomem" "$(iomem_lines | grep -c taken)" 0
	is "shared window: log warns that it is not claimed" \
		"$(log_since | grep -c 'taken: .* shared with kernel drivers: not claimed')" 1
	is "shared window: reads through /dev/map" \
		"$(dd if=/dev/map bs=4 skip=$(((phys + 0xfe0) / 4)) count=1 2>/dev/null | wc -c)" 4
	check "rmmod after the shared window" rmmod devmap
	is "rmmod leaves no devmap claim in /proc/iomem" "$(iomem_lines | wc -l)" 0
}

# uevents_added PATH: the listener has seen the add of PATH and of the
# buffer window
uevents_added() {
	grep -q "^add $1 " /tmp/uevents &&
		grep -q "^add /devices/virtual/misc/map/windows/buffer " /tmp/uevents
}

# Each window sends a uevent when it comes and goes, with its name,
# address and size; unloading releases every claim.
test_uevents() {
	# listening for longer than the unload and load may take: it is
	# stopped once their events are in
	# emptied before the listener starts, as in rmmod_refused_while_held
	: >/tmp/uevents
	devmap_test uevents $((3 * STEP)) >/tmp/uevents 2>&1 &
	listener=$!
	listening=1
	if ! ready $listener grep -q listening /tmp/uevents; then
		not_ok "uevent listener: devmap_test uevents listens within $STEP s (got '$(cat /tmp/uevents)')"
		listening=0
	fi
	rmmod devmap
	is "unloaded: no devmap claim left in /proc/iomem" "$(iomem_lines | wc -l)" 0
	load_module devmap_mode=0660
	path=/devices/virtual/misc/map/windows/ivshmem
	# until both windows are back (their add events are the last), or
	# the time a step may take
	[ $listening = 1 ] && ready $listener uevents_added $path
	kill $listener 2>/dev/null
	wait $listener 2>/dev/null
	[ $listening = 1 ] || return 0
	is "uevent: remove $path" \
		"$(grep -c "^remove $path ivshmem $IVSHMEM_PHYS $IVSHMEM_SIZE\$" /tmp/uevents)" 1
	is "uevent: add $path with DEVMAP_WINDOW, _PHYS, _SIZE" \
		"$(grep -c "^add $path ivshmem $IVSHMEM_PHYS $IVSHMEM_SIZE\$" /tmp/uevents)" 1
	is "uevent: add and remove of the buffer window" \
		"$(grep -c "^[a-z]* /devices/virtual/misc/map/windows/buffer buffer " /tmp/uevents)" 2
}

# A static /dev: devmap_major=126 makes the driver answer on 126:0 too.
test_fixed_major() {
	rmmod devmap
	load_module devmap_mode=0660 devmap_major=126
	is "devmap_major=126 registers major 126 as map" \
		"$(sed -n 's/^126 //p' /proc/devices)" map
	mknod /tmp/map126 c 126 0
	mknod /tmp/map126-1 c 126 1
	printf 'major126' | dd of=/dev/map bs=1 seek=$((BUF_PHYS + 64)) 2>/dev/null
	is "node 126:0 reads what /dev/map wrote" \
		"$(dd if=/tmp/map126 bs=1 skip=$((BUF_PHYS + 64)) count=8 2>/dev/null)" \
		major126
	is "devmap_major=126 registers one minor: 126:1 is ENXIO" \
		"$(devmap_test open /tmp/map126-1)" ENXIO
	rm -f /tmp/map126 /tmp/map126-1
	check "rmmod releases major 126" rmmod devmap
	is "major 126 is free again" "$(sed -n 's/^126 //p' /proc/devices)" ""
	load_module devmap_mode=0660
}

# DMA buffers: several at once, as large as CMA gives (64 MiB; 512 MiB
# where the board has the memory), cache maintenance, bus addresses, a
# device's DMA view, refusals that say how to fix them.
test_buffers() {
	cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	echo "# CMA: ${cma_kb:-no} kB"
	big=64M
	bigsize=0x4000000
	rmmod devmap
	if [ "${cma_kb:-0}" -lt 100000 ]; then
		# Debian's amd64 6.1 and 6.12 kernels have no CMA: the large
		# buffer must be refused with the reason; test a 2 MiB one.
		refuse "this kernel has no CMA" devmap_buffers=big:64M
		big=2M
		bigsize=0x200000
	fi
	check "insmod with devmap_buffers=dma:$big,dmauc:1M:uncached" \
		insmod $MOD devmap_windows="$(windows)" devmap_mode=0660 \
		devmap_buffers="dma:$big,dmauc:1M:uncached"
	sysfs_is dma size "$bigsize"
	sysfs_is dma mode cached
	sysfs_is dma source buffer
	sysfs_is dmauc mode uncached
	sysfs_is dma dma_device devmap-dma
	sysfs_is dmauc coherent 1
	if [ "$BOARD" = arm64 ]; then
		# QEMU's arm64 devices do not snoop: sync does the work.
		sysfs_is dma coherent 0
	else
		sysfs_is dma coherent 1
	fi
	phys=$(cat $SYSFS/dma/phys)
	uphys=$(cat $SYSFS/dmauc/phys)
	# No IOMMU on these boards: the device's address is the CPU's.
	is "dma: DMA address = physical address (no IOMMU)" \
		"$(cat $SYSFS/dma/dma)" "$phys"
	iomem_has dma "$phys" "$bigsize"
	timeout 120 devmap_test buffers "$phys" "$bigsize" "$uphys" 0x100000 ||
		echo "# devmap_test buffers exited with status $?"
	timeout 120 devmap_guard_test sync-modes "$phys" ||
		echo "# devmap_guard_test sync-modes exited with status $?"
	check "sysfs sync_for_device 0 4096 to-device" \
		sh -c "echo 0 4096 to-device >$SYSFS/dma/sync_for_device"
	check "sysfs sync_for_cpu 4096 8192 (bidirectional)" \
		sh -c "echo 4096 8192 >$SYSFS/dma/sync_for_cpu"
	check "sysfs sync past the end refused" \
		sh -c "! echo 4096 $bigsize >$SYSFS/dma/sync_for_cpu"
	check "sysfs sync with a bad direction refused" \
		sh -c "! echo 0 4096 sideways >$SYSFS/dma/sync_for_cpu"
	is "non-buffer window: no sync files" \
		"$(find $SYSFS/ivshmem/ -name "sync*" | wc -l)" 0
	rmmod_refused_while_held "$phys" "rmmod refused while a buffer is mapped" &&
		check "rmmod frees the buffers" rmmod devmap
	is "buffers gone from /proc/iomem" "$(iomem_lines | wc -l)" 0

	# A buffer for another device's view: the ivshmem PCI function.
	check "insmod with devmap_dma_device=$IVSHMEM_BDF" \
		insmod $MOD devmap_dma_device="$IVSHMEM_BDF" \
		devmap_buffers=pcibuf:1M
	sysfs_is pcibuf dma_device "$IVSHMEM_BDF"
	is "pcibuf: DMA address for $IVSHMEM_BDF = physical (no IOMMU)" \
		"$(cat $SYSFS/pcibuf/dma)" "$(cat $SYSFS/pcibuf/phys)"
	rmmod devmap
	if [ "$BOARD" = arm64 ]; then
		check "insmod with a 512 MiB buffer (-m 3G, cma=640M)" \
			insmod $MOD devmap_buffers=huge:512M
		sysfs_is huge size 0x20000000
		# Byte by byte under TCG: minutes on a loaded host.
		t "512 MiB buffer: written whole through mmap" \
			with_timeout 600 devmap_test fill \
			"$(cat $SYSFS/huge/phys)" 0x20000000 5
		rmmod devmap
	fi
	refuse "bad size '1Q'" devmap_buffers=x:1Q
	refuse "size 0x1001 must be a non-zero multiple" devmap_buffers=x:0x1001
	refuse "bad mode (uncached, wc or cached) 'fast'" devmap_buffers=x:1M:fast
	refuse "devmap_dma_device 'nodev'" devmap_dma_device=nodev devmap_buffers=x:1M
	refuse "cannot allocate 0x200000000" devmap_buffers=x:8G
	refuse "devmap_buffers entry 'x:8G' refused" devmap_buffers=x:8G
	load_module devmap_mode=0660
}

# The original example program, then two other tools read its byte.
test_example() {
	[ -n "$SDRAM_WINDOW" ] || return 0
	board_example /bin/map_example 0xc0000000
}

test_java() {
	[ "$JAVA" = 1 ] || {
		echo "# SKIP Java tests: no Java runtime in this image"
		return 0
	}
	java_tests
}

# Last write to the BAR: the host recomputes what the guest reported
# writing and compares every byte of its file. Java wrote it when present.
fill_ivshmem() {
	[ "$IVSHMEM_BY_JAVA" = 1 ] && return 0
	check "fill ivshmem BAR through mmap (seed 7)" \
		devmap_test fill "$IVSHMEM_PHYS" "$IVSHMEM_SIZE" 7
	echo "# ivshmem-fill: phys=$IVSHMEM_PHYS size=$IVSHMEM_SIZE seed=7"
}

test_dmesg() {
	if dmesg | grep -E -q 'Oops|WARNING:|BUG:|Call Trace|general protection'; then
		not_ok "kernel log free of oops, WARN and BUG"
		dmesg | grep -E -A5 'Oops|WARNING:|BUG:|Call Trace' | sed 's/^/#   /'
	else
		ok "kernel log free of oops, WARN and BUG"
	fi
}

demo() {
	load_module devmap_mode=0660
	echo "# --- the original example program: map 3 MB at 0xc0000000, data[100] = 3"
	map_example && echo "# example program done"
	java_demo
}

main "$@"
