#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# build-kernel.sh [LINK]
#
# The x86_64 debug kernel (KASAN, KFENCE, UBSAN, lockdep, kmemleak, ...)
# built from Debian's linux-source-6.12 with allnoconfig plus
# tests/debug/debug.config, and busybox-static, in the layout that
# tests/vm/fetch-kernel.sh produces: DEST/vmlinuz, DEST/headers (the built
# kernel tree: `make -C DEST/headers M=... modules`), DEST/busybox,
# DEST/abi (the kernel release). DEST is
#   ${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/debug-kernel/KEY
# where KEY hashes the source package version, the config fragment, this
# script (without comments) and the compiler, so that a second run (and CI on the same
# machine) finds it and does not rebuild. Prints DEST on stdout; with
# LINK, also makes LINK a symbolic link to DEST. Progress goes to stderr;
# the build log is kept in DEST/build.log.
#
# Environment: DEVMAP_CACHE (above), DEVMAP_KERNEL_JOBS (make -j, default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
cache=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/debug-kernel
fragment=$here/debug.config
jobs=${DEVMAP_KERNEL_JOBS:-2}
srcpkg=linux-source-6.12

# shellcheck source=tests/vm/debian.sh
. "$repo/tests/vm/debian.sh"

main() {
	local link="" version key dest
	case "$#:${1:-}" in
	0:) ;;
	1:-h | 1:--help) usage 0 ;;
	1:-*) usage 2 ;;
	1:*) link=$1 ;;
	*) usage 2 ;;
	esac
	if [ -n "$link" ] && [ -e "$link" ] && [ ! -L "$link" ]; then
		echo "build-kernel.sh: '$link' exists and is not a symbolic link; not replacing it" >&2
		exit 2
	fi
	version=$(source_version)
	# Comments do not change the kernel: they are left out of the key.
	key=$( {
		echo "$srcpkg $version"
		grep -hv '^[[:space:]]*#' "$fragment" "$here/build-kernel.sh"
		gcc --version | head -n 1
	} | sha256sum | cut -c1-16)
	dest=$cache/$key
	mkdir -p "$cache"
	# One build per key at a time: a second caller waits and reuses it.
	exec 9>"$cache/$key.lock"
	flock 9
	if [ ! -f "$dest/abi" ]; then
		build "$version" "$dest"
	fi
	exec 9>&-
	if [ -n "$link" ]; then
		ln -sfn "$dest" "$link"
	fi
	echo "$dest"
}

usage() {
	echo "usage: $0 [LINK]" >&2
	exit "$1"
}

say() {
	echo ">>> $*" >&2
}

# The version apt would download; it is part of the cache key.
source_version() {
	local v
	v=$(apt-cache show --no-all-versions "$srcpkg" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	if [ -z "$v" ]; then
		echo "build-kernel.sh: apt knows no package '$srcpkg' (run apt-get update?)" >&2
		exit 1
	fi
	echo "$v"
}

build() {
	local version=$1 dest=$2 tmp tree start log
	tmp=$dest.tmp
	tree=$tmp/headers
	log=$tmp/build.log
	start=$(date +%s)
	# An interrupted build of the same key (same inputs) goes on where it
	# stopped: make redoes only what is missing.
	if [ -f "$tmp/busybox" ] && [ -f "$tree/.config" ]; then
		say "debug kernel: resuming the interrupted build in $tmp"
	else
		unpack "$version" "$tmp"
	fi
	check_config "$tree/.config"
	say "debug kernel: building (make -j$jobs, niced; 20-40 min on 2 cores; log $dest/build.log)"
	if ! nice -n 10 make -C "$tree" -j"$jobs" bzImage modules >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "build-kernel.sh: the kernel build failed; log in $log" >&2
		exit 1
	fi
	cp "$tree/arch/x86/boot/bzImage" "$tmp/vmlinuz"
	make -C "$tree" -s kernelrelease >"$tmp/abi"
	slim "$tree"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	say "debug kernel $(cat "$dest/abi") built in $(($(date +%s) - start)) s: $dest"
}

# The source and busybox-static, unpacked into TMP and configured.
unpack() {
	local version=$1 tmp=$2 tree=$2/headers
	rm -rf "$tmp"
	mkdir -p "$tmp/debs" "$tmp/root" "$tree"
	say "debug kernel: downloading $srcpkg $version and busybox-static"
	deb_download amd64 "$tmp/debs" "$srcpkg=$version" busybox-static >&2
	for deb in "$tmp"/debs/*.deb; do
		dpkg -x "$deb" "$tmp/root"
	done
	tar -xf "$tmp/root/usr/src/$srcpkg.tar.xz" -C "$tree" \
		--strip-components=1
	cp "$tmp/root/bin/busybox" "$tmp/busybox"
	rm -rf "$tmp/debs" "$tmp/root"
	make -C "$tree" -s KCONFIG_ALLCONFIG="$fragment" allnoconfig \
		>"$tmp/build.log" 2>&1
}

# Kconfig drops a symbol whose dependencies are not met without a word:
# every line of the fragment must be in the result.
check_config() {
	local config=$1 line bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*) ;;
		"# CONFIG_"*" is not set") ;;
		*) continue ;;
		esac
		if ! grep -qxF "$line" "$config"; then
			echo "build-kernel.sh: '$line' from $fragment is not in the kernel's .config (unmet dependency?)" >&2
			bad=1
		fi
	done <"$fragment"
	[ "$bad" = 0 ] || exit 1
}

# External modules need the configured and prepared tree, its scripts,
# objtool and Module.symvers, not the kernel's objects: drop those.
slim() {
	local tree=$1
	find "$tree" \( -path "$tree/scripts" -o -path "$tree/tools" \) -prune -o \
		-type f \( -name '*.o' -o -name '*.a' \) -print0 | xargs -0 rm -f
	rm -f "$tree/vmlinux" "$tree/vmlinux.o" "$tree"/.tmp_vmlinux*
}

main "$@"
