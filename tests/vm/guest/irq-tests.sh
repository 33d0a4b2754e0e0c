#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Interrupts and PCI binding (issue 11), sourced by init.sh (its helpers:
# ok, not_ok, is, check, refuse, sysfs_is, ready, $MOD, $SYSFS, $IVSHMEM):
# devmap bound to QEMU's ivshmem-doorbell device DOORBELL (MSI-X), whose
# server on the host (tests/vm/ivshmem-server.py) rings back on request,
# and to QEMU's edu device EDU (MSI, and INTx with devmap_pci_intx=1).
# Loads and unloads the module itself: it is not loaded before or after.

test_irq() {
	if [ -z "${DOORBELL:-}" ] || [ ! -d "/sys/bus/pci/devices/$DOORBELL" ]; then
		echo "# SKIP interrupt tests: no ivshmem-doorbell device at '${DOORBELL:-}'"
		return 0
	fi
	refuse "zz" devmap_pci=zz
	refuse "1af4:11100" devmap_pci=1af4:11100
	refuse "0000:00:1f.7': no such PCI device" devmap_pci=0000:00:1f.7
	refuse "entry 'x-bar2=cached': not" devmap_pci_mode=x-bar2=cached
	refuse "entry 'nomode': not" devmap_pci_mode=nomode
	irq_bind_by_param
	irq_rmmod_with_handle
	irq_unbind_with_waiter
	check "rmmod after unbind" rmmod devmap
	irq_bind_by_override
	irq_bind_by_ids
	irq_edu_intx
}

# irq_indexes WINDOW: "0 1 " for interrupts/0 and interrupts/1
irq_indexes() {
	for d in "$SYSFS/$1/interrupts"/*; do
		[ -d "$d" ] && printf '%s ' "${d##*/}"
	done
}

pci_driver_of() {
	d=$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)
	echo "${d##*/}"
}

irq_bind_by_param() {
	db=$DOORBELL
	log_mark
	check "insmod devmap_pci=$db,$EDU" \
		insmod "$MOD" devmap_windows="$IVSHMEM" devmap_pci="$db,$EDU"
	is "$db bound to devmap by devmap_pci=" "$(pci_driver_of "$db")" devmap
	is "$EDU (edu) bound to devmap by devmap_pci=" \
		"$(pci_driver_of "$EDU")" devmap
	sysfs_is "$db-bar0" source pci
	sysfs_is "$db-bar0" mode uncached
	sysfs_is "$db-bar2" mode wc
	sysfs_is "$db-bar2" size 0x100000
	is "no window for BAR1 (the MSI-X table)" \
		"$(ls -d "$SYSFS/$db-bar1" 2>/dev/null)" ""
	is "window ivshmem (no interrupts) has no interrupts/" \
		"$(ls -d "$SYSFS/ivshmem/interrupts" 2>/dev/null)" ""
	is "/proc/iomem shows devmap:$db-bar2" \
		"$(grep -c "devmap:$db-bar2" /proc/iomem)" 1
	src=$(cat "$SYSFS/$db-bar0/interrupts/0/source" 2>&1)
	if [ "$src" != msi-x ]; then
		echo "# SKIP MSI-X interrupt tests: $db's source is '$src', not msi-x (no PCI MSI in this kernel?); ivshmem-doorbell rings only through MSI-X"
	else
		# MSI-X needs bus mastering, and these boards have no IOMMU
		is "the log names $db: bus mastering on without an IOMMU" \
			"$(log_since | grep -c "$db: bus mastering on without an IOMMU")" 1
		is "$db-bar0: interrupts 0 and 1" \
			"$(irq_indexes "$db-bar0")" "0 1 "
		sysfs_is "$db-bar0/interrupts/1" source msi-x
		sysfs_is "$db-bar0/interrupts/0" trigger edge
		sysfs_is "$db-bar0/interrupts/0" masked 1
		sysfs_is "$db-bar0/interrupts/0" count 0
		is "$db-bar2 lists the same sources as bar0" \
			"$(cat "$SYSFS/$db-bar2/interrupts/1/irq")" \
			"$(cat "$SYSFS/$db-bar0/interrupts/1/irq")"
		is "/proc/interrupts names devmap:$db:1" \
			"$(grep -c "devmap:$db:1\$" /proc/interrupts)" 1
		timeout 120 devmap_irq_test suite "$db" ivshmem ||
			echo "# devmap_irq_test suite exited with status $?"
		is "sysfs count of interrupt 0 is non-zero after the suite" \
			"$(($(cat "$SYSFS/$db-bar0/interrupts/0/count") > 0))" 1
	fi
	irq_revoke_stress
	irq_edu msi edge
	irq_dt
}

# Readers of the doorbell's BAR2 (mmap, read(), /proc/self/mem) and its
# interrupt handles against a loop that unbinds and binds it: a minute
# under the debug kernel (STRESS), a few seconds on the other boards.
irq_revoke_stress() {
	secs=5
	[ -n "${STRESS:-}" ] && secs=60
	timeout $((secs + 120)) devmap_guard_test stress pci "$DOORBELL" \
		"$DOORBELL-bar2" "$secs" ||
		echo "# devmap_guard_test stress exited with status $?"
}

# arm64: the GPIO block as a device-tree window with its interrupt
# (tests/vm/guest/arm64-windows.dtsi), raised by the host.
irq_dt() {
	[ "${DT_WINDOWS:-0}" = 1 ] || return 0
	sysfs_is gpio source dt
	sysfs_is gpio/interrupts/0 source dt
	sysfs_is gpio/interrupts/0 trigger level
	sysfs_is gpio/interrupts/0 masked 1
	timeout 120 devmap_irq_test gpio gpio ||
		echo "# devmap_irq_test gpio exited with status $?"
	timeout 180 devmap_irq_test gpio-storm gpio ||
		echo "# devmap_irq_test gpio-storm exited with status $?"
	timeout 60 devmap_irq_test unbind-dt gpio 9030000.gpio-window ||
		echo "# devmap_irq_test unbind-dt exited with status $?"
	is "DT unbind removes window gpio" "$(ls -d "$SYSFS/gpio" 2>/dev/null)" ""
	is "DT unbind frees its line in /proc/interrupts" \
		"$(grep -c "devmap:gpio:0" /proc/interrupts)" 0
}

# irq_edu SOURCE TRIGGER: the edu device's one interrupt.
irq_edu() {
	src=$(cat "$SYSFS/$EDU-bar0/interrupts/0/source" 2>&1)
	if [ "$1" = msi ] && [ "$src" = intx ]; then
		echo "# SKIP edu MSI tests: its source is intx (no PCI MSI in this kernel?)"
		return 0
	fi
	sysfs_is "$EDU-bar0/interrupts/0" source "$1"
	sysfs_is "$EDU-bar0/interrupts/0" trigger "$2"
	is "$EDU-bar0: one interrupt" "$(irq_indexes "$EDU-bar0")" "0 "
	timeout 60 devmap_irq_test edu "$EDU"
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "# devmap_irq_test edu exited with status $rc; irq $(cat "/sys/bus/pci/devices/$EDU/irq"):"
		grep -E "CPU|devmap" /proc/interrupts | sed 's/^/#   /'
		dmesg | grep -i -E "LNK|IOAPIC|$EDU" | tail -n 8 | sed 's/^/#   /'
	fi
}

# The level rule: INTx, masked at each interrupt until acknowledged.
irq_edu_intx() {
	# The debug kernel (allnoconfig based) has no ACPI interrupt routing.
	if dmesg | grep -q "$EDU: PCI INT A: no GSI"; then
		echo "# SKIP edu INTx tests: this kernel cannot route $EDU's INTx line (its log says 'PCI INT A: no GSI': no ACPI PCI interrupt routing)"
		return 0
	fi
	check "insmod devmap_pci=$EDU devmap_pci_intx=1" \
		insmod "$MOD" devmap_pci="$EDU" devmap_pci_intx=1
	irq_edu intx level
	check "rmmod after the INTx tests" rmmod devmap
}

# A holder that never opens its handle is a failure of its own, and
# rmmod is not tried (init.sh's ready: as long as a step may take).
irq_rmmod_with_handle() {
	# emptied before the holder starts (init.sh's rmmod_refused_while_held)
	: >/tmp/irqhold
	devmap_irq_test hold "$DOORBELL-bar0" 0 >/tmp/irqhold 2>&1 &
	pid=$!
	if ! ready "$pid" grep -q holding /tmp/irqhold; then
		not_ok "holder: devmap_irq_test hold $DOORBELL-bar0 0 opens a handle within $STEP s (got '$(cat /tmp/irqhold)')"
	elif rmmod devmap 2>/dev/null; then
		not_ok "rmmod refused while an interrupt handle is open"
		insmod "$MOD" devmap_windows="$IVSHMEM" devmap_pci="$DOORBELL"
	else
		ok "rmmod refused while an interrupt handle is open"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

irq_unbind_with_waiter() {
	timeout 60 devmap_irq_test unbind "$DOORBELL" ||
		echo "# devmap_irq_test unbind exited with status $?"
	is "unbind leaves $DOORBELL unbound" "$(pci_driver_of "$DOORBELL")" ""
	is "unbind removes window $DOORBELL-bar0" \
		"$(ls -d "$SYSFS/$DOORBELL-bar0" 2>/dev/null)" ""
	is "unbind releases $DOORBELL's BARs in /proc/iomem" \
		"$(grep -c "devmap:$DOORBELL" /proc/iomem)" 0
}

irq_bind_by_override() {
	db=$DOORBELL
	check "insmod without devmap_pci" insmod "$MOD"
	is "without devmap_pci devmap binds nothing" "$(pci_driver_of "$db")" ""
	echo devmap >"/sys/bus/pci/devices/$db/driver_override"
	echo "$db" >/sys/bus/pci/drivers_probe
	is "driver_override=devmap binds $db" "$(pci_driver_of "$db")" devmap
	sysfs_is "$db-bar0" source pci
	if [ "$(cat "$SYSFS/$db-bar0/interrupts/0/source" 2>&1)" = msi-x ]; then
		timeout 60 devmap_irq_test ring "$db" ||
			echo "# devmap_irq_test ring exited with status $?"
	fi
	echo >"/sys/bus/pci/devices/$db/driver_override"
	check "rmmod with a device bound by driver_override" rmmod devmap
	is "rmmod unbinds $db" "$(pci_driver_of "$db")" ""
}

# A vendor:device entry binds every such device: both doorbells and the
# ivshmem-plain device.
irq_bind_by_ids() {
	check "insmod devmap_pci=1af4:1110 devmap_pci_mode=$DOORBELL-bar2=uncached" \
		insmod "$MOD" devmap_pci=1af4:1110 \
		devmap_pci_mode="$DOORBELL-bar2=uncached"
	is "devmap_pci=1af4:1110 binds $DOORBELL" "$(pci_driver_of "$DOORBELL")" devmap
	is "devmap_pci=1af4:1110 binds $IVSHMEM_BDF (ivshmem-plain)" \
		"$(pci_driver_of "$IVSHMEM_BDF")" devmap
	sysfs_is "$IVSHMEM_BDF-bar2" phys "$IVSHMEM_PHYS"
	sysfs_is "$IVSHMEM_BDF-bar2" mode wc
	sysfs_is "$DOORBELL-bar2" mode uncached
	# A BAR mapped while its device is unbound and bound again: revoked.
	timeout 120 devmap_guard_test revoke "$IVSHMEM_BDF-bar2" pci "$IVSHMEM_BDF" ||
		echo "# devmap_guard_test revoke exited with status $?"
	check "rmmod unbinds them" rmmod devmap
	is "ivshmem-plain unbound again" "$(pci_driver_of "$IVSHMEM_BDF")" ""
}
