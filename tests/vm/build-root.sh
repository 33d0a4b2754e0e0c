#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# build-root.sh SUITE PACKAGE...
#
# A Debian build root of another suite (e.g. sid, for the gcc that built
# its kernel), made with debootstrap once and kept in the cache, keyed by
# the suite and the package list. Prints its path. Commands run in it
# through build-root.sh's sibling in_root (see run.sh).
#
# Environment:
#   DEVMAP_CACHE   cache folder (default ~/.cache/devmap)
set -eu

main() {
	[ "$#" -ge 2 ] || {
		echo "usage: $0 SUITE PACKAGE..." >&2
		exit 2
	}
	local suite=$1 key dest tmp
	shift
	key=$(echo "$suite $*" | sha256sum | cut -c1-16)
	dest=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/build-root/$suite-$key
	if [ -f "$dest/.complete" ]; then
		echo "$dest"
		exit 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "build-root.sh: debootstrap of $suite needs root" >&2
		exit 1
	fi
	command -v debootstrap >/dev/null || {
		echo "build-root.sh: debootstrap missing (apt-get install debootstrap)" >&2
		exit 1
	}
	echo ">>> debootstrap $suite build root with $* (once; about a minute)" >&2
	tmp=$dest.tmp
	rm -rf "$tmp"
	mkdir -p "$(dirname "$dest")"
	local log=$tmp.log
	if ! debootstrap --variant=minbase --include="$(echo "$*" | tr ' ' ,)" \
		"$suite" "$tmp" http://deb.debian.org/debian >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "build-root.sh: debootstrap $suite failed (log: $log)" >&2
		exit 1
	fi
	# Packages' caches are not needed to build.
	rm -rf "$tmp"/var/cache/apt/archives/*.deb
	touch "$tmp/.complete"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	rm -f "$log"
	echo "$dest"
}

main "$@"
