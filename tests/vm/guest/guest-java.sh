# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# Java on the board, sourced by init.sh: the devmap CLI and the JUnit
# suite's /dev/map tests, on the jlink'd runtime with JNA's native library
# pre-extracted (jna.boot.library.path, jna.nounpack).

export DEVMAP_JAVA=/opt/java/bin/java
export DEVMAP_CLASSPATH=/opt/devmap/devmap.jar:/opt/devmap/jna.jar
export DEVMAP_JNA_LIBDIR=/usr/lib
JAVA_STEP=180

# A runtime linked on another architecture has no class-data archive;
# create it on the board, as a first boot would.
java_base_cds() {
	[ -f /opt/java/lib/server/classes.jsa ] && return 0
	start=$(date +%s)
	/opt/java/bin/java -Xshare:dump >/dev/null 2>&1
	echo "# java: base CDS archive created in $(($(date +%s) - start)) s"
}

# cli DESCRIPTION WANT-STATUS ARGS...: run the CLI, one TAP line; its
# output is left in /tmp/cli.out and /tmp/cli.err.
cli() {
	desc=$1
	want=$2
	shift 2
	timeout $JAVA_STEP /opt/devmap/devmap "$@" >/tmp/cli.out 2>/tmp/cli.err
	st=$?
	if [ "$st" = "$want" ]; then
		ok "devmap $*: $desc"
	else
		not_ok "devmap $*: $desc (exit $st, want $want)"
		sed 's/^/#   /' /tmp/cli.out /tmp/cli.err | tail -n 20
	fi
}

# out_has DESCRIPTION FILE TEXT
out_has() {
	if grep -q -F -- "$3" "$2"; then
		ok "$1"
	else
		not_ok "$1 (no '$3' in output)"
		sed 's/^/#   /' "$2" | tail -n 10
	fi
}

java_tests() {
	b=$BUF_PHYS
	iv=$IVSHMEM_PHYS
	start=$(date +%s)
	# The interrupt sources first: this info run lists their interrupts.
	irq_bind
	cli "lists the windows" 0 info
	cp /tmp/cli.out /tmp/info.out
	out_has "info names the buffer window" /tmp/cli.out buffer
	out_has "info names the ivshmem window" /tmp/cli.out ivshmem
	out_has "info shows the buffer's DMA address" /tmp/cli.out \
		"$(cat "$SYSFS/buffer/dma") "
	echo "# java: first CLI run took $(($(date +%s) - start)) s"

	cli "32-bit store" 0 write -w 32 "$b" 0xdeadbeef
	cli "32-bit load" 0 read "$b" 32
	is "devmap read returns the stored value" "$(cat /tmp/cli.out)" 0xdeadbeef
	is "dd on /dev/map sees the CLI's store" \
		"$(dd if=/dev/map bs=4 skip=$((b / 4)) count=1 2>/dev/null |
			od -An -tx4 | tr -d ' ')" deadbeef
	cli "64-bit store" 0 write -w 64 $((b + 8)) 0x0123456789abcdef
	cli "64-bit load" 0 read $((b + 8)) 64
	is "64-bit value round trip" "$(cat /tmp/cli.out)" 0x0123456789abcdef
	cli "read-modify-write of a field" 0 modify "$b" --field 7:4=0xa
	is "modify prints old and new" "$(cat /tmp/cli.out)" "0xdeadbeef -> 0xdeadbeaf"
	cli "field read" 0 read "$b" --field 7:4
	is "read --field gives the field" "$(cat /tmp/cli.out)" 0xa
	cli "restore the word" 0 modify "$b" --set 0x40
	cli "consecutive 16-bit stores" 0 write -w 16 $((b + 16)) 0x1111 0x2222
	cli "second 16-bit load" 0 read $((b + 18)) -w 16
	is "the second value landed 2 bytes on" "$(cat /tmp/cli.out)" 0x2222
	cli "hexdump" 0 dump "$b" 32
	out_has "dump shows the stored bytes" /tmp/cli.out "ef be ad de"

	cli "outside any window fails" 1 read 0x0 32
	out_has "the error names ENXIO" /tmp/cli.err ENXIO
	cli "bad address is a usage error" 2 read zz
	out_has "the usage error names the value" /tmp/cli.err zz
	cli "value too wide is a usage error" 2 write -w 8 "$b" 0x1ff

	cli "memtest on the uncached ivshmem window" 0 \
		memtest $((iv + 0x200000)) 64K
	out_has "memtest reports ok" /tmp/cli.out "memtest: ok"
	cli "memtest on the cached buffer window" 0 memtest "$b" 64K

	# Cache maintenance of the buffer (issue 12): no-ops on x86, real on arm64.
	cli "store before the syncs" 0 write "$b" 0x600dcafe
	cli "sync for the device" 0 sync buffer 0 4096 --for-device
	cli "sync for the CPU, bidirectional" 0 \
		sync buffer 0x1000 4K --for-cpu --direction bidirectional
	cli "the stored word survives the syncs" 0 read "$b" 32
	is "devmap read after sync" "$(cat /tmp/cli.out)" 0x600dcafe
	bsize=$(cat "$SYSFS/buffer/size")
	cli "sync past the buffer's end is a usage error" 2 \
		sync buffer $((bsize - 4096)) 8K --for-device
	out_has "the error names the buffer's size" /tmp/cli.err "(size $bsize)"
	cli "sync of an unknown window fails" 1 sync nosuch 0 4K --for-cpu
	cli "sync without --for-cpu or --for-device is a usage error" 2 \
		sync buffer 0 4K
	java25_tests

	# What the host checks after poweroff: every byte of the BAR.
	cli "fill the ivshmem window" 0 fill "$iv" "$IVSHMEM_SIZE" 0x5a 8
	cli "write a word into ivshmem" 0 write -w 32 $((iv + 0x100)) 0x12345678
	cli "write a byte into ivshmem" 0 write -w 8 $((iv + 0x3fffff)) 0xa5
	echo "# ivshmem-java: size=$IVSHMEM_SIZE fill=0x5a write=0x100:0x12345678:4 write=0x3fffff:0xa5:1"
	# shellcheck disable=SC2034 # read by init.sh, which sources this file
	IVSHMEM_BY_JAVA=1

	java_irq_tests
	junit
	irq_unbind
}

# The same syncs on JDK 25 (/opt/java25, when run.sh put it in this
# image: DEVMAP_JDK25), where the library makes the ioctl through
# java.lang.foreign instead of JNA.
java25_tests() {
	if [ "${JAVA25:-0}" != 1 ]; then
		echo "# SKIP JDK 25 checks: no /opt/java25 in this image (DEVMAP_JDK25)"
		return 0
	fi
	DEVMAP_JAVA=/opt/java25/bin/java
	start=$(date +%s)
	cli "on JDK 25: version" 0 --version
	out_has "on JDK 25 the DMA sync goes through java.lang.foreign" /tmp/cli.out \
		"DMA sync calls: java.lang.foreign"
	echo "# java: first JDK 25 run took $(($(date +%s) - start)) s"
	cli "on JDK 25: store before the syncs" 0 write "$b" 0x25cafe25
	cli "on JDK 25: sync for the device" 0 sync buffer 0 4096 --for-device
	cli "on JDK 25: sync for the CPU" 0 sync buffer 0 8K --for-cpu
	cli "on JDK 25: the stored word survives the syncs" 0 read "$b" 32
	is "on JDK 25: devmap read after sync" "$(cat /tmp/cli.out)" 0x25cafe25
	cli "on JDK 25: a sync call rate, through java.lang.foreign" 0 \
		bench --op dma-sync --iters 20 --reps 1 --warmup 10 "$b" 4K
	out_has "on JDK 25: the bench's syncs are foreign calls" /tmp/cli.out "calls=ffm"
	DEVMAP_JAVA=/opt/java/bin/java
}

# Binds the interrupt sources of /etc/devmap-test.conf (DOORBELL: the
# ivshmem-doorbell, MSI-X; EDU: QEMU's edu device, MSI or INTx) to the
# loaded devmap by driver_override, for the Java interrupt tests;
# irq_unbind gives them back.
irq_bind() {
	for db in ${DOORBELL:-} ${EDU:-}; do
		[ -d "/sys/bus/pci/devices/$db" ] || continue
		echo devmap >"/sys/bus/pci/devices/$db/driver_override"
		echo "$db" >/sys/bus/pci/drivers_probe
		d=$(readlink "/sys/bus/pci/devices/$db/driver")
		is "java: $db bound to devmap by driver_override" "${d##*/}" devmap
	done
}

irq_unbind() {
	for db in ${DOORBELL:-} ${EDU:-}; do
		[ -d "/sys/bus/pci/devices/$db" ] || continue
		[ -e "/sys/bus/pci/drivers/devmap/$db" ] &&
			echo "$db" >/sys/bus/pci/drivers/devmap/unbind
		echo >"/sys/bus/pci/devices/$db/driver_override"
	done
}

# The BAR0 window of an ivshmem-doorbell bound to devmap, with its MSI-X
# vectors as interrupts (issue 11), or nothing.
irq_window() {
	for d in "$SYSFS"/*-bar0; do
		[ -d "$d/interrupts/0" ] || continue
		pci=${d##*/}
		pci=${pci%-bar0}
		[ "$(cat "/sys/bus/pci/devices/$pci/vendor" 2>/dev/null)" = 0x1af4 ] || continue
		[ "$(cat "/sys/bus/pci/devices/$pci/device" 2>/dev/null)" = 0x1110 ] || continue
		echo "${d##*/}"
		return 0
	done
}

# ring_doorbell BAR0 PEER VECTOR: one 32-bit store of (PEER << 16) | VECTOR
# into the Doorbell register (0x0c) through /dev/map (a single pwrite).
ring_doorbell() {
	v=$(($2 << 16 | $3))
	# shellcheck disable=SC2059 # the format is the value's four octal escapes
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((v & 255)) $((v >> 8 & 255)) \
		$((v >> 16 & 255)) $((v >> 24 & 255)))" |
		dd of=/dev/map bs=4 seek=$((($1 + 0x0c) / 4)) conv=notrunc 2>/dev/null
}

# devmap wait and the interrupts in devmap info, against the doorbell that
# the guest rings itself (peer id from IVPosition, BAR0 0x08).
java_irq_tests() {
	win=$(irq_window)
	if [ -z "$win" ]; then
		echo "# SKIP devmap wait: no ivshmem-doorbell window with interrupts"
		return 0
	fi
	bar0=$(cat "$SYSFS/$win/phys")
	peer=$(dd if=/dev/map bs=4 skip=$(((bar0 + 8) / 4)) count=1 2>/dev/null |
		od -An -tu4 | tr -d ' ')
	nirq=0
	for q in "$SYSFS/$win/interrupts"/*; do
		[ -d "$q" ] && nirq=$((nirq + 1))
	done
	echo "# irq: window $win at $bar0, peer $peer, $nirq vector(s)"

	# What the first info run printed (java_tests).
	out_has "info has the interrupts table" /tmp/info.out "INDEX"
	out_has "info shows the doorbell's MSI-X vectors" /tmp/info.out " msi-x "

	# The handle counts from its open, which the JVM's start delays: ring
	# every second until the command has seen its two events.
	rm -f /tmp/wait.st
	(
		timeout $JAVA_STEP /opt/devmap/devmap wait "$win" --count 2 \
			--timeout 60s >/tmp/wait.out 2>/tmp/wait.err
		echo $? >/tmp/wait.st
	) &
	waiter=$!
	rings=0
	while [ ! -f /tmp/wait.st ] && [ $rings -lt $JAVA_STEP ]; do
		ring_doorbell "$bar0" "$peer" 0
		rings=$((rings + 1))
		sleep 1
	done
	wait $waiter
	is "devmap wait $win --count 2: two rings seen ($rings rung)" "$(cat /tmp/wait.st)" 0
	is "devmap wait prints count=C dt=S.SSSSSSs per event" \
		"$(grep -c '^count=[0-9]* dt=[0-9]*\.[0-9]\{6\}s' /tmp/wait.out)" 2
	sed 's/^/#   /' /tmp/wait.out /tmp/wait.err

	cli "wait without a ring times out, exit 3" 3 wait "$win" --timeout 500ms
	out_has "the timeout names window and time" /tmp/cli.err "of '$win' within 0.5 s"
	cli "wait on an unknown window fails" 1 wait nosuch --timeout 1s
	out_has "an unknown window is ENOENT" /tmp/cli.err "window=nosuch index=0: ENOENT"
	# ENODEV (no such index, no interrupts) and usage errors: JUnit
	# (InterruptDeviceTest) and the host's WaitTest; each CLI run here is
	# a JVM start under TCG.
}

junit() {
	classes=$(unzip -l /opt/devmap/devmap-tests.jar 2>/dev/null |
		sed -n 's|.* \(org/devmap/[A-Za-z]*Device[A-Za-z]*Test\)\.class$|\1|p' |
		tr / .)
	if [ -z "$classes" ]; then
		not_ok "junit: device test classes found in devmap-tests.jar"
		return
	fi
	if [ -z "$(irq_window)" ]; then
		echo "# SKIP junit InterruptDeviceTest: no ivshmem-doorbell window with interrupts"
		classes=$(echo "$classes" | grep -v InterruptDeviceTest)
	fi
	# shellcheck disable=SC2086 # one argument per class
	timeout 300 /opt/java/bin/java --enable-native-access=ALL-UNNAMED \
		-Djna.nounpack=true -Djna.boot.library.path=/usr/lib \
		-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
		-cp /opt/devmap/devmap.jar:/opt/devmap/devmap-tests.jar:/opt/devmap/jna.jar:/opt/devmap/junit.jar:/opt/devmap/hamcrest.jar:/opt/devmap/classes \
		TapRunner $classes >/tmp/junit.out 2>&1
	echo "# junit exit status $?"
	cat /tmp/junit.out
	if grep -q '# SKIP' /tmp/junit.out; then
		not_ok "junit: no /dev/map test skipped on the board"
	else
		ok "junit: no /dev/map test skipped on the board"
	fi
}

java_demo() {
	b=$BUF_PHYS
	for cmd in "info" "read 0xc0000064 8" "write $b 0xcafef00d" "read $b" \
		"dump 0xc0000060 16" "memtest 0xc0100000 16K"; do
		echo "# --- devmap $cmd"
		# shellcheck disable=SC2086 # the command's words
		/opt/devmap/devmap $cmd
	done
}
