#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# driver-minimal.sh: devmap.ko must build, with W=1 and no warning,
# against a kernel that has none of the optional parts the driver uses
# (PCI, CMA): most SoC kernels lack PCI, many lack CMA.
# The kernel is Debian's linux-source-6.12 configured for arm64 with
# allnoconfig plus modules and the device tree, prepared once and cached
# by the source package's version. Prints TAP.
set -eu

main() {
	repo=$(cd "$(dirname "$0")/.." && pwd -P)
	cache=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}
	src=/usr/src/linux-source-6.12.tar.xz
	echo "TAP version 13"
	echo "1..1"
	desc="devmap.ko builds with W=1, no warnings, on a minimal arm64 6.12 kernel (no PCI, no CMA)"
	if [ ! -r "$src" ] || ! command -v aarch64-linux-gnu-gcc >/dev/null; then
		echo "ok 1 - $desc # SKIP needs $src and aarch64-linux-gnu-gcc (linux-source-6.12, gcc-aarch64-linux-gnu)"
		return 0
	fi
	version=$(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	kdir=$cache/kernels/minimal-arm64-$version
	if [ ! -f "$kdir/.prepared" ]; then
		echo "# preparing $kdir (once: a few minutes)"
		rm -rf "$kdir"
		mkdir -p "$kdir"
		tar -xJf "$src" -C "$kdir" --strip-components=1
		kmake "$kdir" allnoconfig >/dev/null
		"$kdir/scripts/config" --file "$kdir/.config" -e MODULES -e OF
		kmake "$kdir" olddefconfig >/dev/null
		if grep -q '^CONFIG_PCI=y' "$kdir/.config"; then
			echo "not ok 1 - $desc: the minimal config has PCI"
			return 1
		fi
		kmake "$kdir" -j2 modules_prepare >/dev/null
		touch "$kdir/.prepared"
	fi
	work=$(mktemp -d)
	cp -r "$repo/driver/." "$work/"
	# No vmlinux symbols: modpost may only warn; an undefined PCI symbol
	# is still caught below.
	if out=$(kmake "$kdir" M="$work" W=1 KBUILD_MODPOST_WARN=1 modules 2>&1) &&
		! echo "$out" | grep -E 'warning:|error:' | grep -v modpost >/dev/null &&
		! aarch64-linux-gnu-nm -u "$work/devmap.ko" | grep -q ' pci'; then
		echo "ok 1 - $desc"
		rc=0
	else
		echo "not ok 1 - $desc"
		echo "$out" | grep -E 'warning|error' | sed 's/^/#   /'
		aarch64-linux-gnu-nm -u "$work/devmap.ko" 2>/dev/null | grep ' pci' | sed 's/^/#   undefined: /'
		rc=1
	fi
	rm -rf "$work"
	return "$rc"
}

kmake() {
	d=$1
	shift
	make -C "$d" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}

main "$@"
