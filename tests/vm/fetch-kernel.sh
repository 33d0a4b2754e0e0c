#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# fetch-kernel.sh ARCH DEST
#
# Debian's kernel image, the matching headers and busybox-static for ARCH
# (x86_64 or arm64), unpacked into DEST. The version is the one the host's
# linux-headers-amd64 depends on, so that x86_64 modules built against the
# host's headers load (vermagic). Foreign-architecture packages come
# through a private apt state; the host's dpkg architectures are untouched.
#
# Result: DEST/vmlinuz, DEST/headers (a kernel build dir), DEST/busybox,
# DEST/abi (e.g. 6.1.0-56). Re-running with the same version does nothing.
set -eu

# shellcheck source=tests/vm/debian.sh
. "$(dirname "$0")/debian.sh"

main() {
	[ "$#" -eq 2 ] || usage
	arch=$1
	mkdir -p "$2"
	dest=$(cd "$2" && pwd -P)
	case "$arch" in
	x86_64) debarch=amd64 ;;
	arm64) debarch=arm64 ;;
	*) usage ;;
	esac

	abi=$(kernel_abi)
	if [ -f "$dest/abi" ] && [ "$(cat "$dest/abi")" = "$abi" ] &&
		[ -f "$dest/vmlinuz" ] && [ -x "$dest/busybox" ]; then
		exit 0
	fi
	echo ">>> fetching Debian kernel $abi-$debarch and busybox-static ($arch)"
	rm -rf "$dest"
	mkdir -p "$dest/debs" "$dest/root"
	deb_download "$debarch" "$dest/debs" "linux-image-$abi-$debarch" \
		"linux-headers-$abi-$debarch" "linux-headers-$abi-common" \
		busybox-static
	for deb in "$dest"/debs/*.deb; do
		dpkg -x "$deb" "$dest/root"
	done
	assemble
	echo "$abi" >"$dest/abi"
	rm -rf "$dest/debs"
}

usage() {
	echo "usage: $0 x86_64|arm64 DEST" >&2
	exit 2
}

# The ABI name (6.1.0-NN) of the headers the host builds against.
kernel_abi() {
	local dep
	dep=$(apt-cache depends linux-headers-amd64 |
		sed -n 's/.*Depends: linux-headers-\([0-9.]*-[0-9]*\)-amd64$/\1/p' |
		head -n 1)
	if [ -z "$dep" ]; then
		echo "fetch-kernel.sh: cannot tell the kernel version from 'apt-cache depends linux-headers-amd64' (run apt-get update?)" >&2
		exit 1
	fi
	echo "$dep"
}

# Put the pieces where the test scripts expect them. The headers' links
# to the common part and to kbuild are absolute paths of the installed
# package: point them into DEST and at the host's kbuild.
assemble() {
	local root=$dest/root hdr common
	cp "$root"/boot/vmlinuz-* "$dest/vmlinuz"
	cp "$root/bin/busybox" "$dest/busybox"
	hdr=$(echo "$root"/usr/src/linux-headers-*-"$debarch")
	common=$(echo "$root"/usr/src/linux-headers-*-common)
	mv "$hdr" "$dest/headers"
	mv "$common" "$dest/headers-common"
	find "$dest/headers" "$dest/headers-common" -maxdepth 2 -type l |
	while read -r link; do
		target=$(readlink "$link")
		case "$target" in
		*linux-headers-*-common*)
			ln -sfn "$dest/headers-common/${target##*-common/}" "$link" ;;
		*linux-kbuild-*)
			ln -sfn "/usr/lib/${target##*/lib/}" "$link" ;;
		esac
	done
	# The arch Makefile includes the common one by absolute path.
	sed -i "s|/usr/src/linux-headers-[^ ]*-common|$dest/headers-common|" \
		"$dest/headers/Makefile"
	rm -rf "$root"
}

main "$@"
