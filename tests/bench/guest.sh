# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
#
# Guest side of make bench: sourced by tests/vm/guest/init.sh (busybox sh,
# PID 1) with devmap.ko loaded, after find_ivshmem and load_module. Runs the
# C reference (/bin/devmap_bench) and the CLI's bench (/bin/devmap) side by
# side on the same windows, interleaved, and prints one line per run:
#
#   bench-guest rep=N window=NAME bench op=OP impl=IMPL ... ns_per_op=X mb_per_s=Y
#   bench-guest rep=N window=NAME bench op=p4-read impl=cli|java-version ms=X
#
# Windows: ivshmem (uncached device memory: P1, P3, JNA), buffer (cached
# kernel memory: P2), sdram on arm64 (uncached: P3). Java under TCG is slow:
# the sizes and counts are small. Returns; never exits or powers off.
#
# Sets (BENCH_SETS, from /etc/devmap-bench.conf that tests/bench/run.sh
# puts in the image; default all): base (the figures above), dma (DMA
# buffers: streaming through a cached buffer with sync against an
# uncached one, bench_dma below), irq (interrupt latency: the guest rings
# its own ivshmem-doorbell and times the wake-up, bench_irq below).

# shellcheck source=/dev/null # written by tests/bench/run.sh, optional
[ -f /etc/devmap-bench.conf ] && . /etc/devmap-bench.conf
BENCH_REPS=${BENCH_REPS:-2}
BENCH_SETS=${BENCH_SETS:-base dma irq}
# C2 for the timed loops (the launcher's default is C1 only, for start-up).
BENCH_JIT="-XX:TieredStopAtLevel=4"

# bench_pair REP WINDOW ADDR LEN CACHE-OPTION OP ITERS: C then Java on odd
# repetitions, Java then C on even ones.
bench_pair() {
	rep=$1 win=$2 addr=$3 len=$4 cache=$5 op=$6 iters=$7
	if [ $((rep % 2)) = 1 ]; then
		bench_one "$rep" "$win" c /bin/devmap_bench "$addr" "$len" "$cache" "$op" "$iters"
		bench_one "$rep" "$win" java /bin/devmap "$addr" "$len" "$cache" "$op" "$iters"
	else
		bench_one "$rep" "$win" java /bin/devmap "$addr" "$len" "$cache" "$op" "$iters"
		bench_one "$rep" "$win" c /bin/devmap_bench "$addr" "$len" "$cache" "$op" "$iters"
	fi
}

# bench_one REP WINDOW IMPL TOOL ADDR LEN CACHE-OPTION OP ITERS [EXTRA...]
bench_one() {
	rep=$1 win=$2 impl=$3 tool=$4 addr=$5 len=$6 cache=$7 op=$8 iters=$9
	shift 9
	extra=
	[ "$impl" = c ] || extra="--warmup 1500 $*"
	java=${DEVMAP_JAVA:-/opt/java/bin/java}
	# java25: the library on JDK 25 (/opt/java25), where its DMA syncs
	# are java.lang.foreign calls; its lines say impl=java25.
	[ "$impl" = java25 ] && java=/opt/java25/bin/java
	# shellcheck disable=SC2086 # $extra is an option list
	line=$(DEVMAP_JAVA=$java DEVMAP_JAVA_OPTS=$BENCH_JAVA_OPTS timeout 600 "$tool" $cache bench \
		--op "$op" --iters "$iters" --reps 3 $extra "$addr" "$len" 2>/tmp/bench.err)
	if [ "$impl" = java25 ]; then
		line=$(echo "$line" | sed 's/ impl=java / impl=java25 /')
		case "$line" in
		*" sync=ioctl "*" calls=jna"*)
			echo "bench-guest-error rep=$rep window=$win op=$op impl=$impl: JNA on JDK 25, not java.lang.foreign"
			return
			;;
		esac
	fi
	case "$line" in
	"bench op="*) echo "bench-guest rep=$rep window=$win $line" ;;
	*)
		echo "bench-guest-error rep=$rep window=$win op=$op impl=$impl: $(tail -n 3 /tmp/bench.err)"
		;;
	esac
}

uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# P4: wall time of a one-shot CLI read against a bare java -version.
bench_start() {
	rep=$1 addr=$2
	t0=$(uptime_ms)
	/bin/devmap read "$addr" >/dev/null 2>&1
	t1=$(uptime_ms)
	"$DEVMAP_JAVA" -version >/dev/null 2>&1
	t2=$(uptime_ms)
	echo "bench-guest rep=$rep window=buffer bench op=p4-read impl=cli ms=$((t1 - t0))"
	echo "bench-guest rep=$rep window=buffer bench op=p4-read impl=java-version ms=$((t2 - t1))"
}

bench_guest() {
	echo "# bench: board $BOARD, $(grep -c ^processor /proc/cpuinfo) CPU(s), reps $BENCH_REPS"
	echo "# bench: ivshmem $IVSHMEM_PHYS, buffer $BUF_PHYS"
	if [ ! -x /bin/devmap_bench ] || [ ! -x /bin/devmap ] || [ -z "$BUF_PHYS" ]; then
		echo "bench-guest-error rep=0 window=none op=all impl=all: tools or windows missing"
		return
	fi
	rep=1
	while [ "$rep" -le "$BENCH_REPS" ]; do
		bench_pair "$rep" ivshmem "$IVSHMEM_PHYS" 64K "" p1-read32 20
		bench_pair "$rep" ivshmem "$IVSHMEM_PHYS" 64K "" p1-write32 20
		bench_pair "$rep" buffer "$BUF_PHYS" 1M "" p2-read 20
		bench_pair "$rep" buffer "$BUF_PHYS" 1M "" p2-write 20
		bench_pair "$rep" ivshmem "$IVSHMEM_PHYS" 256K "" p3-read32 10
		bench_pair "$rep" ivshmem "$IVSHMEM_PHYS" 256K "" p3-write32 10
		if [ -n "$SDRAM_WINDOW" ]; then
			bench_pair "$rep" sdram 0xc0000000 256K "" p3-read32 10
			bench_pair "$rep" sdram 0xc0000000 256K "" p3-write32 10
		fi
		bench_one "$rep" ivshmem jna /bin/devmap "$IVSHMEM_PHYS" 64K "" p1-read32 5 --impl jna
		bench_one "$rep" ivshmem jna /bin/devmap "$IVSHMEM_PHYS" 64K "" p1-write32 5 --impl jna
		bench_start "$rep" "$BUF_PHYS"
		rep=$((rep + 1))
	done
}

# DMA buffers: two buffers of the same size, one cached (each sweep synced:
# for the device after the stores, for the CPU before the loads) and one
# uncached (the same calls, no-ops in the driver), streamed element by
# element by C and Java; then the sync calls alone (dma-sync: syncs per
# second). 64 MiB needs CMA (cma= on the command line): the
# kernels without it (Debian's amd64 6.1, 6.12) get 4 MiB, the page
# allocator's largest block, and the output says so.
bench_dma() {
	# Compilation in the foreground (-Xbatch): with one CPU under TCG a
	# C2 compile lasts seconds and the compiler thread shares the CPU with
	# the timed batches, which then measure the JIT (the sync calls: 3x
	# C's time per call with it, 1.3x at steady state, in a probe of
	# 16 batches). The warm-up then ends with the code compiled, as
	# background compilation on another core would leave it on a board.
	BENCH_JAVA_OPTS="$BENCH_JIT -Xbatch"
	cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	size=64M
	why=
	if [ "${cma_kb:-0}" -lt $((2 * 65536)) ]; then
		size=4M
		why="CmaTotal ${cma_kb:-0} kB (this kernel has no CMA, or too little) < 2 x 64 MiB"
	fi
	rmmod devmap
	if ! dma_load "$size" && [ "$size" = 64M ]; then
		size=4M
		why="two 64 MiB buffers could not be allocated from CmaTotal $cma_kb kB ($(dmesg | grep -m 1 'cannot allocate' | cut -c1-120))"
		dma_load "$size" || {
			echo "bench-guest-error rep=0 window=none op=dma impl=all: buffers of $size not loaded"
			load_module devmap_mode=0660
			return
		}
	fi
	if [ -n "$why" ]; then
		echo "# bench: dma: buffers of $size, not 64M: $why"
	fi
	echo "# bench: dma: kernel $(uname -r), CmaTotal ${cma_kb:-0} kB, 2 buffers of $size," \
		"bcached coherent $(cat "$SYSFS/bcached/coherent"), buncached coherent $(cat "$SYSFS/buncached/coherent")"
	cached=$(cat "$SYSFS/bcached/phys")
	uncached=$(cat "$SYSFS/buncached/phys")
	rep=1
	while [ "$rep" -le "$BENCH_REPS" ]; do
		for op in dma-write32 dma-read32; do
			# Alternate implementation and buffer order between repetitions.
			if [ $((rep % 2)) = 1 ]; then
				order="c:bcached c:buncached java:bcached java:buncached"
			else
				order="java:buncached java:bcached c:buncached c:bcached"
			fi
			for run in $order; do
				impl=${run%%:*}
				win=${run#*:}
				addr=$cached
				[ "$win" = buncached ] && addr=$uncached
				if [ "$impl" = c ]; then
					bench_one "$rep" "$win" c /bin/devmap_bench "$addr" "$size" "" "$op" 4
				else
					bench_one "$rep" "$win" java /bin/devmap "$addr" "$size" "" "$op" 2
				fi
			done
		done
		# The sync calls alone, over 4 KiB: the cost of a call (Java
		# against C's ioctl on a kept descriptor), not of the cache walk;
		# Java on JDK 17 (JNA) and, where the image has it, on JDK 25
		# (java.lang.foreign).
		sync_order=$order
		if [ -x /opt/java25/bin/java ]; then
			if [ $((rep % 2)) = 1 ]; then
				sync_order="$order java25:bcached java25:buncached"
			else
				sync_order="java25:buncached java25:bcached $order"
			fi
		fi
		for run in $sync_order; do
			impl=${run%%:*}
			win=${run#*:}
			addr=$cached
			[ "$win" = buncached ] && addr=$uncached
			tool=/bin/devmap
			[ "$impl" = c ] && tool=/bin/devmap_bench
			bench_one "$rep" "$win" "$impl" "$tool" "$addr" 4K "" dma-sync 2000
		done
		rep=$((rep + 1))
	done
	rmmod devmap
	load_module devmap_mode=0660
}

# dma_load SIZE: the module with both buffers (and the usual windows).
dma_load() {
	insmod "$MOD" devmap_windows="$(windows)" devmap_mode=0660 \
		devmap_buffers="bcached:$1,buncached:$1:uncached" 2>/dev/null
}

# Interrupt latency (issue 11): the ivshmem-doorbell DOORBELL (from
# /etc/devmap-test.conf) bound to devmap by driver_override; its window
# DOORBELL-bar0 carries the MSI-X vectors. Each event: one 32-bit pwrite of
# (IVPosition << 16) | 0 into the Doorbell register (BAR0 + 0x0c), then
# poll/read (C, /bin/devmap_irq_bench) or Interrupt.await (Java,
# org.devmap.cli.IrqBench) until the guest's own interrupt has woken the
# waiter. IRQ_EVENTS counted after IRQ_WARMUP, C and Java alternating; the
# warm-up is long so that the JIT has compiled the whole wait path with C2
# (a method needs thousands of calls), as in a long-running application.
IRQ_EVENTS=${IRQ_EVENTS:-5000}
IRQ_WARMUP=${IRQ_WARMUP:-20000}

bench_irq() {
	db=${DOORBELL:-}
	if [ -z "$db" ] || [ ! -d "/sys/bus/pci/devices/$db" ] || [ ! -x /bin/devmap_irq_bench ]; then
		echo "bench-guest-error rep=0 window=none op=irq-latency impl=all: no doorbell '$db' or no /bin/devmap_irq_bench"
		return
	fi
	echo devmap >"/sys/bus/pci/devices/$db/driver_override"
	echo "$db" >/sys/bus/pci/drivers_probe
	win=$db-bar0
	if [ ! -d "$SYSFS/$win/interrupts/0" ]; then
		echo "bench-guest-error rep=0 window=$win op=irq-latency impl=all: not bound to devmap, or no interrupts"
		return
	fi
	bar0=$(cat "$SYSFS/$win/phys")
	peer=$(dd if=/dev/map bs=4 skip=$(((bar0 + 8) / 4)) count=1 2>/dev/null |
		od -An -tu4 | tr -d ' ')
	echo "# bench: irq: kernel $(uname -r), $win at $bar0 ($(cat "$SYSFS/$win/interrupts/0/source")," \
		"irq $(cat "$SYSFS/$win/interrupts/0/irq")), peer $peer, $IRQ_EVENTS events after $IRQ_WARMUP"
	rep=1
	while [ "$rep" -le "$BENCH_REPS" ]; do
		if [ $((rep % 2)) = 1 ]; then
			irq_one "$rep" c "$win" "$bar0" "$peer"
			irq_one "$rep" java "$win" "$bar0" "$peer"
		else
			irq_one "$rep" java "$win" "$bar0" "$peer"
			irq_one "$rep" c "$win" "$bar0" "$peer"
		fi
		rep=$((rep + 1))
	done
	echo "$db" >/sys/bus/pci/drivers/devmap/unbind
	echo >"/sys/bus/pci/devices/$db/driver_override"
}

# irq_one REP IMPL WINDOW BAR0 PEER: one process, its line.
irq_one() {
	set -- "$1" "$2" "$3" $(($4 + 0x0c)) $(($5 << 16)) "$IRQ_EVENTS" "$IRQ_WARMUP"
	if [ "$2" = c ]; then
		line=$(timeout 600 /bin/devmap_irq_bench "$3" 0 "$4" "$5" "$6" "$7" 2>/tmp/bench.err)
	else
		# shellcheck disable=SC2086 # the options are words
		line=$(timeout 600 "$DEVMAP_JAVA" --enable-native-access=ALL-UNNAMED \
			-Djna.nounpack=true -Djna.boot.library.path="${DEVMAP_JNA_LIBDIR:-/usr/lib}" \
			-XX:+UseSerialGC -XX:-UsePerfData $BENCH_JAVA_OPTS \
			-cp "$DEVMAP_CLASSPATH" org.devmap.cli.IrqBench "$3" 0 "$4" "$5" "$6" "$7" 2>/tmp/bench.err)
	fi
	case "$line" in
	"bench op="*) echo "bench-guest rep=$1 window=doorbell $line" ;;
	*) echo "bench-guest-error rep=$1 window=doorbell op=irq-latency impl=$2: $(tail -n 3 /tmp/bench.err)" ;;
	esac
}

for set in $BENCH_SETS; do
	BENCH_JAVA_OPTS=$BENCH_JIT
	case "$set" in
	base) bench_guest ;;
	dma) bench_dma ;;
	irq) bench_irq ;;
	*) echo "bench-guest-error rep=0 window=none op=$set impl=all: unknown set '$set'" ;;
	esac
done
echo "# bench: done"
