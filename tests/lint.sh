#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# lint.sh BUILD_DIR: the field linters on what they apply to. The driver
# must pass checkpatch.pl --strict (taken from Debian's linux-source-6.12);
# every shell script must pass shellcheck; the device-tree bindings and
# nodes must validate. Prints TAP.
set -eu

main() {
	build=$1
	repo=$(cd "$(dirname "$0")/.." && pwd -P)
	n=0
	fail=0
	checkpatch=$(get_checkpatch "$build")
	for f in $(git -C "$repo" ls-files 'driver/*.[ch]' driver/Kbuild); do
		f=$repo/$f
		result "checkpatch --strict ${f#"$repo"/}" \
			perl "$checkpatch" --no-tree --strict --quiet \
			--ignore "$(checkpatch_ignore "$f")" -f "$f"
	done
	dt_binding "$repo"
	for f in $(shell_scripts "$repo"); do
		result "shellcheck ${f#"$repo"/}" shellcheck -x "$f"
	done
	result "make help lists every target of the Makefile, and only those" \
		make_help "$repo"
	echo "1..$n"
	echo "lint: $((n - fail)) passed, $fail failed"
	[ "$fail" = 0 ]
}

result() {
	desc=$1
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "$out" | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
}

# The device-tree bindings are valid schemas, every devmap node the
# repository ships or boots validates against them, and a bad one does not.
dt_binding() {
	for binding in "$1"/driver/bindings/*.yaml; do
		result "dt-doc-validate ${binding#"$1"/}" doc_validate "$binding"
	done
	result "dt-validate tests/vm/guest/arm64-windows.dtsi" \
		"$1/tests/dt-validate.sh" "$1/tests/vm/guest/arm64-windows.dtsi"
	result "dt-validate board/raspberrypi4-64/devmap-overlay.dts" \
		"$1/tests/dt-validate.sh" \
		"$1/board/raspberrypi4-64/devmap-overlay.dts" 2 1
	for f in "$1"/meta-devmap/recipes-*/*/files/*.dtso; do
		[ -f "$f" ] || continue
		result "dt-validate ${f#"$1"/}" "$1/tests/dt-validate.sh" "$f"
	done
	bad=$(mktemp)
	sed 's/devmap,mode = "wc"/devmap,mode = "fast"/' \
		"$1/tests/vm/guest/arm64-windows.dtsi" >"$bad"
	result "dt-validate refuses devmap,mode = \"fast\"" \
		fails "$1/tests/dt-validate.sh" "$bad"
	rm -f "$bad"
}

# The Makefile's targets (deps-% as deps-GROUP) and the ones make help
# lists (the Makefile's header) are the same.
make_help() {
	mh=$(mktemp -d)
	sed -n 's/^\([a-z][a-z0-9%-]*\):\([^=]\|$\).*/\1/p' "$1/Makefile" |
		sed 's/%/GROUP/' | LC_ALL=C sort -u >"$mh/targets"
	make -s -C "$1" help | awk '{ print $2 }' | LC_ALL=C sort -u >"$mh/help"
	if ! cmp -s "$mh/targets" "$mh/help"; then
		echo "in the Makefile only (<) or in make help only (>):"
		diff "$mh/targets" "$mh/help" | grep '^[<>]'
		rm -rf "$mh"
		return 1
	fi
	rm -rf "$mh"
}

# dt-doc-validate checks $id against the path below its schema folder.
doc_validate() {
	(cd "$(dirname "$1")" && dt-doc-validate -u . "$(basename "$1")")
}

fails() {
	! "$@" >/dev/null 2>&1
}

# Out of tree, one file keys the driver on kernel versions, as it must:
# checkpatch's rule against LINUX_VERSION_CODE is for in-tree code. Every
# other file gets every check.
checkpatch_ignore() {
	case "$1" in
	*/driver/devmap_compat.h)
		echo LINUX_VERSION_CODE,CONSTANT_COMPARISON
		;;
	*)
		echo NONE
		;;
	esac
}

# checkpatch.pl and the data files it reads, out of the newest kernel
# source Debian 12 has (6.12: its rules are stricter than 6.1's).
get_checkpatch() {
	dir=$1/checkpatch-6.12
	if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
		mkdir -p "$dir"
		tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$dir" \
			--strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch
	fi
	echo "$dir/scripts/checkpatch.pl"
}

# Tracked shell scripts: by name or by their first line.
shell_scripts() {
	git -C "$1" ls-files | while read -r f; do
		case "$f" in
		*.sh) echo "$1/$f" ;;
		*)
			head -n 1 "$1/$f" 2>/dev/null |
				grep -q '^#!.*\(/sh\|bash\)' && echo "$1/$f"
			;;
		esac
	done
}

main "$@"
