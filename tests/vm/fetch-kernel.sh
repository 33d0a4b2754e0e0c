#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# fetch-kernel.sh ARCH KERNEL
#
# Debian's kernel image of line KERNEL for ARCH (x86_64 or arm64), its
# headers and kbuild, and busybox-static, unpacked into the cache. Prints
# the folder. KERNEL is a kernel line with an optional flavour:
#
#   6.1, 6.1-rt    bookworm's kernel (the ABI the host's linux-headers-amd64
#                  depends on)
#   6.12, 6.12-rt  bookworm's newest 6.12 (linux-*-6.12.N+deb12-*)
#   7.2, 7.2-rt    sid's newest 7.2 (linux-binary-7.2.N+deb14-*; its modules
#                  need sid's gcc 16, see run.sh)
#
# Result: DIR/vmlinuz, DIR/headers (a kernel build dir), DIR/kbuild (its
# host programs), DIR/busybox, DIR/abi (e.g. 6.12.117+deb12-rt-amd64),
# DIR/suite. Foreign architectures and suites come through a private apt
# state; the host's dpkg configuration is untouched. A folder that is
# complete is reused.
set -eu

# shellcheck source=tests/vm/debian.sh
. "$(dirname "$0")/debian.sh"

main() {
	[ "$#" -eq 2 ] || usage
	arch=$1
	kernel=$2
	case "$arch" in
	x86_64) debarch=amd64 ;;
	arm64) debarch=arm64 ;;
	*) usage ;;
	esac
	flavour=$debarch
	line=${kernel%-rt}
	if [ "$line" != "$kernel" ]; then
		flavour=rt-$debarch
	fi
	resolve "$line"
	abi=$version-$flavour
	dest=$(devmap_cache)/kernels/$abi
	if [ -f "$dest/.complete" ]; then
		echo "$dest"
		exit 0
	fi
	echo ">>> fetching Debian kernel $abi ($suite), headers and busybox-static" >&2
	rm -rf "$dest"
	mkdir -p "$dest/debs" "$dest/root" "$dest/kbuild"
	deb_download_from "$debarch" "$suite" "$dest/debs" "${image_pkgs[@]}" \
		"linux-headers-$abi" "linux-headers-$version-$common" >&2
	deb_download_from amd64 "$suite" "$dest/debs" "$kbuild_pkg" >&2
	deb_download "$debarch" "$dest/debs" busybox-static >&2
	for deb in "$dest"/debs/*.deb; do
		case "$deb" in
		*/linux-kbuild-*) dpkg -x "$deb" "$dest/kbuild" ;;
		*) dpkg -x "$deb" "$dest/root" ;;
		esac
	done
	assemble
	echo "$abi" >"$dest/abi"
	echo "$suite" >"$dest/suite"
	rm -rf "$dest/debs"
	touch "$dest/.complete"
	echo "$dest"
}

usage() {
	echo "usage: $0 x86_64|arm64 6.1|6.12|7.2[-rt]" >&2
	exit 2
}

# resolve LINE: sets suite, version (the ABI without the flavour), the
# packages holding the image, the common headers' suffix and kbuild.
resolve() {
	common=common
	[ "$flavour" = "$debarch" ] || common="common-rt"
	case "$1" in
	6.1)
		suite=$(host_suite)
		version=$(apt-cache depends linux-headers-amd64 |
			sed -n 's/.*Depends: linux-headers-\([0-9.]*-[0-9]*\)-amd64$/\1/p' |
			head -n 1)
		image_pkgs=("linux-image-$version-$flavour")
		[ "$flavour" = "$debarch" ] || image_pkgs=("linux-image-$version-$flavour-unsigned")
		kbuild_pkg=linux-kbuild-6.1
		;;
	6.12)
		suite=$(host_suite)
		version=$(newest "$suite" '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$')
		image_pkgs=("linux-image-$version-$flavour-unsigned")
		kbuild_pkg=linux-kbuild-$version
		;;
	7.2)
		suite=sid
		# sid's -rt headers share the common part of the others
		common=common
		version=$(newest "$suite" '^linux-headers-7\.2\.[0-9]+\+deb14-amd64$')
		image_pkgs=("linux-binary-$version-$flavour")
		kbuild_pkg=linux-kbuild-$version
		;;
	*)
		echo "fetch-kernel.sh: unknown kernel line '$1' (6.1, 6.12 or 7.2)" >&2
		exit 2
		;;
	esac
	if [ -z "$version" ]; then
		echo "fetch-kernel.sh: no Debian $1 kernel found in $suite (apt-get update?)" >&2
		exit 1
	fi
}

# newest SUITE REGEX: the version part of the newest matching headers.
newest() {
	deb_newest amd64 "$1" "$2" | sed 's/^linux-headers-//; s/-amd64$//'
}

# Put the pieces where the test scripts expect them. The headers' links
# to the common part and to kbuild are absolute paths of the installed
# packages: point them into the folder.
assemble() {
	local root=$dest/root hdr common_dir link target
	# /boot until 6.12, /usr/lib/modules/ABI from 7.x (merged /usr)
	cp "$(find "$root/boot" "$root/usr/lib/modules" -name 'vmlinuz*' \
		2>/dev/null | head -n 1)" "$dest/vmlinuz"
	cp "$root/bin/busybox" "$dest/busybox"
	hdr=$root/usr/src/linux-headers-$abi
	common_dir=$root/usr/src/linux-headers-$version-$common
	mv "$hdr" "$dest/headers"
	mv "$common_dir" "$dest/headers-common"
	find "$dest/headers" "$dest/headers-common" -maxdepth 2 -type l |
		while read -r link; do
			target=$(readlink "$link")
			case "$target" in
			*linux-headers-*-common*)
				ln -sfn "$dest/headers-common/${target##*-common/}" "$link"
				;;
			*linux-kbuild-*)
				ln -sfn "$dest/kbuild/usr/lib/${target##*/lib/}" "$link"
				;;
			esac
		done
	# The arch Makefile includes the common one by absolute path, and
	# from 7.x names its own folder as the output directory.
	sed -i -e "s|/usr/src/linux-headers-[^ ]*-$common|$dest/headers-common|" \
		-e "s|/usr/src/linux-headers-$abi\$|$dest/headers|" \
		"$dest/headers/Makefile"
	rm -rf "$root"
}

main "$@"
