#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# run.sh [--smoke] [--host-only] [--sets LIST]
#
# make bench: the Java library against the C reference (devmap_bench.c) on
# the same mappings, interleaved, several repetitions; then the same in the
# QEMU boards (tests/vm/run.sh --bench, which runs tests/bench/guest.sh).
# Prints every ratio Java/C with its median and spread and regenerates
# docs/performance.md.
#
#   --smoke      tiny sizes, host only, seconds: both sides run and print
#                parseable lines (make test); exits non-zero otherwise;
#                leaves docs/performance.md alone
#   --host-only  skip the boards (the guest sections say so)
#   --sets LIST  comma-separated sets to run (default: all): base (P1-P4,
#                host and boards), dma (DMA buffers, boards only), irq
#                (interrupt latency, boards only). With a
#                subset, only those sets' sections of docs/performance.md
#                are rewritten.
#
# Environment:
#   DEVMAP_BENCH_REPS   host repetitions (default 7)
#   DEVMAP_BENCH_JAVA   java for the host runs (default: $JAVA_HOME/bin/java, else java)
#   DEVMAP_BENCH_BOARDS boards as tests/vm/run.sh takes them (default
#                       "x86_64:7.2 arm64": Debian's amd64 6.1 and 6.12 have
#                       no CMA, which 64 MiB DMA buffers need)
#   DEVMAP_BUILD        as for tests/vm/run.sh (default <repo>/build/vm)
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
out=$repo/build/bench

all_sets="base dma irq"

main() {
	local smoke=0 host_only=0 sets=$all_sets set
	while [ $# -gt 0 ]; do
		case "$1" in
		--smoke) smoke=1 ;;
		--host-only) host_only=1 ;;
		--sets)
			[ $# -ge 2 ] || {
				echo "run.sh: --sets needs a list (base,dma,irq)" >&2
				return 2
			}
			sets=${2//,/ }
			shift
			;;
		-h | --help)
			sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'
			return 0
			;;
		*)
			echo "run.sh: unknown argument '$1'" >&2
			return 2
			;;
		esac
		shift
	done
	for set in $sets; do
		case " $all_sets " in
		*" $set "*) ;;
		*)
			echo "run.sh: unknown set '$set' (one of: $all_sets)" >&2
			return 2
			;;
		esac
	done
	mkdir -p "$out"
	build
	if [ "$smoke" = 1 ]; then
		smoke_test
		return
	fi
	local raw=$out/results.txt
	: >"$raw"
	case " $sets " in
	*" base "*) host_set "$raw" ;;
	esac
	local boards=() spec
	if [ "$host_only" = 0 ]; then
		for spec in ${DEVMAP_BENCH_BOARDS:-x86_64:7.2 arm64}; do
			if guest_set "$spec" "$raw" "$sets"; then
				boards+=("${spec%%:*}")
			fi
		done
	fi
	local only=()
	[ "$sets" = "$all_sets" ] || only=(--only "$sets")
	python3 "$here/report.py" --raw "$raw" --doc "$repo/docs/performance.md" \
		--cpu "$(cpu_name)" --jdk "$(java_version)" "${only[@]}" \
		--guests "$([ "$host_only" = 1 ] && echo skipped || echo "${boards[*]:-}")"
}

say() {
	echo ">>> $*" >&2
}

java_bin() {
	if [ -n "${DEVMAP_BENCH_JAVA:-}" ]; then
		echo "$DEVMAP_BENCH_JAVA"
	elif [ -n "${JAVA_HOME:-}" ]; then
		echo "$JAVA_HOME/bin/java"
	else
		echo java
	fi
}

java_version() {
	"$(java_bin)" -version 2>&1 | sed -n '2p'
}

cpu_name() {
	local name
	name=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "${name:-$(uname -m)}, $(nproc) CPUs"
}

build() {
	say "building java-lib (ant dist) and the C reference"
	ant -q -f "$repo/java-lib/build.xml" dist >"$out/ant.log" 2>&1 || {
		cat "$out/ant.log" >&2
		return 1
	}
	cc -O2 -Wall -Wextra -Werror -o "$out/devmap_bench" "$here/devmap_bench.c"
	export DEVMAP_JAVA
	DEVMAP_JAVA=$(java_bin)
	export DEVMAP_CLASSPATH=$repo/java-lib/build/devmap.jar:$repo/java-lib/lib/jna-5.17.0.jar
	# The launcher stops at C1 for quick one-shot commands; the timed loops
	# are measured with C2, as in a long-running application.
	bench_opts=-XX:TieredStopAtLevel=4
	cli=$repo/java-lib/bin/devmap
	file=$out/map.bin
	# As installed on a board: JNA's native library in place (nothing to
	# unpack) and a writable directory for the launcher's class-data archive.
	mkdir -p "$out/jna" "$out/cds"
	unzip -q -o -j "$repo/java-lib/lib/jna-5.17.0.jar" \
		"com/sun/jna/$(jna_platform)/libjnidispatch.so" -d "$out/jna"
	export DEVMAP_JNA_LIBDIR=$out/jna DEVMAP_CDS=$out/cds/devmap.jsa
	rm -f "$DEVMAP_CDS"
}

jna_platform() {
	case "$(uname -m)" in
	x86_64) echo linux-x86-64 ;;
	aarch64) echo linux-aarch64 ;;
	*) echo "linux-$(uname -m)" ;;
	esac
}

# run_op IMPL FILE CACHE-OPTION OP ITERS LEN [EXTRA...]: one process, its line.
run_op() {
	local impl=$1 f=$2 cache=$3 op=$4 iters=$5 len=$6
	shift 6
	local cmd
	if [ "$impl" = c ]; then
		cmd=("$out/devmap_bench")
	else
		cmd=(env DEVMAP_JAVA_OPTS="$bench_opts" "$cli")
	fi
	# shellcheck disable=SC2086 # $cache is empty or one option
	"${cmd[@]}" --device "$f" $cache bench --op "$op" --iters "$iters" "$@" 0 "$len"
}

ms_of() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# The host set: each repetition runs every case, C and Java in alternating
# order, so that background load hits both sides alike.
host_set() {
	local raw=$1 reps=${DEVMAP_BENCH_REPS:-7} rep
	truncate -s 64M "$file"
	say "host: $reps repetitions (each: P1, P2, P3, JNA, P4)"
	for ((rep = 1; rep <= reps; rep++)); do
		{
			pair "$rep" "$file" "" p1-read32 400 1M
			pair "$rep" "$file" "" p1-write32 400 1M
			pair "$rep" "$file" "" p2-read 10 64M
			pair "$rep" "$file" "" p2-write 10 64M
			pair "$rep" "$file" --uncached p3-read32 200 1M
			pair "$rep" "$file" --uncached p3-write32 200 1M
			tag "$rep" java run_op java "$file" "" p1-read32 20 1M --impl jna --warmup 300
			tag "$rep" java run_op java "$file" "" p1-write32 20 1M --impl jna --warmup 300
			start_pair "$rep"
		} >>"$raw"
		say "host: repetition $rep/$reps done"
	done
}

# tag REP ORDER-IMPL CMD...: prefixes the command's bench line with env and rep.
tag() {
	local rep=$1 line
	shift 2
	line=$("$@" | grep '^bench op=') || {
		echo "run.sh: no result from: $*" >&2
		return 1
	}
	echo "env=host rep=$rep $line"
}

pair() {
	local rep=$1 f=$2 cache=$3 op=$4 iters=$5 len=$6 extra=()
	[ "${op%%-*}" = p2 ] && extra=(--warmup 1500)
	if ((rep % 2)); then
		tag "$rep" c run_op c "$f" "$cache" "$op" "$iters" "$len"
		tag "$rep" java run_op java "$f" "$cache" "$op" "$iters" "$len" "${extra[@]}"
	else
		tag "$rep" java run_op java "$f" "$cache" "$op" "$iters" "$len" "${extra[@]}"
		tag "$rep" c run_op c "$f" "$cache" "$op" "$iters" "$len"
	fi
}

# P4: a one-shot CLI read against a bare java -version, same JVM. The
# first CLI run of all writes the class-data archive and is not counted.
start_pair() {
	local rep=$1 _
	[ -f "$DEVMAP_CDS" ] || "$cli" --device "$file" read 0x10 >/dev/null 2>&1
	for _ in 1 2 3; do
		echo "env=host rep=$rep bench op=p4-read impl=cli ms=$(ms_of "$cli" --device "$file" read 0x10)"
		echo "env=host rep=$rep bench op=p4-read impl=java-version ms=$(ms_of "$DEVMAP_JAVA" -version)"
	done
}

# guest_set BOARD[:KERNEL] RAW SETS: the board's bench lines, tagged with
# its name, and its "# bench:" notes (kernel, buffer sizes) for the report.
guest_set() {
	local spec=$1 raw=$2 sets=$3 board=${1%%:*} log extra
	# The console, as tests/vm/run.sh --bench echoes it.
	log=$out/vm-$board.log
	extra=$out/guest-extra-$board
	rm -rf "$extra"
	mkdir -p "$extra/etc"
	echo "BENCH_SETS='$sets'" >"$extra/etc/devmap-bench.conf"
	# Java under TCG: the bench set needs longer than the test set.
	export DEVMAP_VM_TIMEOUT=${DEVMAP_VM_TIMEOUT:-1500}
	# Two 64 MiB DMA buffers do not both fit in the x86_64 board's
	# cma=128M (measured: the second is refused); a later cma= wins.
	local cmdline=${DEVMAP_CMDLINE:-}
	[ "$board" = x86_64 ] && cmdline="$cmdline cma=256M"
	say "board $spec: tests/vm/run.sh --bench $spec (sets: $sets)"
	# JDK 25 beside 17 in the guest: dma-sync runs the library on both.
	if ! DEVMAP_GUEST_EXTRA=$extra DEVMAP_CMDLINE=$cmdline DEVMAP_JDK25=all \
		"$repo/tests/vm/run.sh" "$spec" --bench >"$log" 2>&1; then
		say "board $spec: run.sh failed, see $log"
	fi
	if ! grep -q '^bench-guest rep=' "$log"; then
		say "board $spec: no results (see $log)"
		return 1
	fi
	tr -d '\r' <"$log" | grep '^bench-guest-error' >&2 || true
	tr -d '\r' <"$log" | sed -n "s/^bench-guest /env=$board /p" >>"$raw"
	tr -d '\r' <"$log" | sed -n "s/^# bench: /env=$board note /p" >>"$raw"
}

smoke_test() {
	local raw=$out/smoke.txt op
	truncate -s 1M "$file"
	: >"$raw"
	say "smoke: every op, both sides, 64 KiB"
	for op in p1-read32 p1-write32 p2-read p2-write; do
		pair 1 "$file" "" "$op" 2 64K >>"$raw"
	done
	for op in p3-read32 p3-write32; do
		pair 1 "$file" --uncached "$op" 2 64K >>"$raw"
	done
	# No sync on a file (sync=none): the lines and both sides' loops only.
	for op in dma-write32 dma-read32 dma-sync; do
		pair 1 "$file" "" "$op" 2 64K >>"$raw"
	done
	{
		tag 1 java run_op java "$file" "" p1-read32 2 64K --impl jna --warmup 0
		start_pair 1
	} >>"$raw"
	python3 "$here/report.py" --raw "$raw" --check
}

main "$@"
