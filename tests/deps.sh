#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# deps.sh GROUP...: install the Debian packages a make target needs, when
# they are missing, before it builds anything. GROUPs: build (compilers,
# headers, QEMU), java (JDK, Ant, patchelf), lint (shellcheck, checkpatch's source),
# debug (the debug kernel's build), yocto (bitbake's host tools),
# buildroot (Buildroot's host requirements, check-package's linters),
# buildroot-harness (the offline harness: toolchain, host tools, host
# JDK), buildroot-qemu (the QEMU images: kernel source, QEMU),
# buildroot-jdk (the jlink and JDK variants), rpi4 (the Raspberry Pi 4
# image: Debian sources, image tools, the emulated Pi's build root),
# farm-labgrid and farm-lava (the board farm engines of make test-farm).
# Needs root to install; otherwise prints the apt-get command to run and
# fails.
set -eu

main() {
	pkgs=
	for group in "$@"; do
		case "$group" in
		build)
			pkgs="$pkgs make gcc libc6-dev gcc-aarch64-linux-gnu
			libc6-dev-arm64-cross linux-headers-amd64 linux-kbuild-6.1
			qemu-system-x86 qemu-system-arm cpio python3 bc flex bison
			libelf-dev device-tree-compiler ca-certificates dwarves
			debootstrap"
			;;
		java)
			pkgs="$pkgs openjdk-17-jdk-headless ant ant-optional junit4 maven patchelf
			curl unzip ca-certificates"
			;;
		yocto)
			pkgs="$pkgs gawk diffstat unzip texinfo chrpath socat
			python3-pexpect xz-utils debianutils iputils-ping python3-git
			python3-jinja2 python3-subunit locales libacl1 acl
			build-essential file cpio lz4 zstd rsync curl git
			ca-certificates pseudo rpm qemu-system-arm
			device-tree-compiler openjdk-17-jdk-headless"
			;;
		debug)
			# tests/debug/build-kernel.sh: kernel build tools, and xz
			# for linux-source-6.12's tarball
			pkgs="$pkgs make gcc libc6-dev bc flex bison libelf-dev
			xz-utils cpio qemu-system-x86"
			;;
		lint)
			pkgs="$pkgs shellcheck linux-source-6.12 xz-utils perl
			dt-schema device-tree-compiler git make"
			;;
		buildroot)
			# Buildroot's manual (Requirements) and check-package
			pkgs="$pkgs build-essential make gcc g++ libc6-dev binutils
			debianutils sed diffutils bash patch gzip bzip2 perl tar
			cpio unzip rsync file bc findutils wget xz-utils python3
			python3-magic flake8 shellcheck"
			;;
		buildroot-harness)
			# ../shared/offline: make-toolchain.sh (aarch64),
			# preseed-host-tools.sh, fetch-sources.sh; the host JDK of
			# host-openjdk-bin; Maven Central over https
			pkgs="$pkgs gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
			binutils-aarch64-linux-gnu libc6-dev-arm64-cross
			linux-libc-dev-arm64-cross dpkg-dev python3 fakeroot kmod
			pkgconf patchelf e2fsprogs bison flex m4 libelf-dev
			libssl-dev openjdk-17-jdk-headless ca-certificates"
			;;
		buildroot-qemu)
			# the QEMU images: Debian's 6.1 kernel source (ci.sh pins
			# it), QEMU to boot them
			pkgs="$pkgs linux-source-6.1 qemu-system-arm qemu-system-x86"
			;;
		buildroot-jdk)
			# the jlink and JDK variants: the class-data archive is
			# dumped under QEMU user mode
			pkgs="$pkgs qemu-user-static"
			;;
		rpi4)
			# build-rpi4.sh: Debian sources (dpkg-dev, xz), host tools
			# the harness does not link (dtc, genimage, mtools,
			# dosfstools, meson, ninja, autotools for xz);
			# check-rpi4-image.sh and boot-rpi4.sh: sfdisk, mtools,
			# debugfs, fdtoverlay, modinfo, strings, the trixie build
			# root with QEMU's raspi4b (debootstrap, unshare)
			pkgs="$pkgs dpkg-dev xz-utils device-tree-compiler genimage
			mtools dosfstools meson ninja-build autoconf automake
			libtool autopoint gettext fdisk e2fsprogs kmod binutils
			debootstrap util-linux"
			;;
		farm-labgrid)
			# tests/labgrid: pytest with labgrid's plugin, QEMU,
			# debugfs to read the cached image
			pkgs="$pkgs python3-labgrid python3-pytest qemu-system-arm
			e2fsprogs"
			;;
		farm-lava)
			# tests/lava: the LAVA dispatcher (lava-run), telnet (the
			# Pi 4 device's console, which lava-run --validate looks
			# for), QEMU, debugfs
			pkgs="$pkgs lava-dispatcher telnet qemu-system-arm e2fsprogs"
			;;
		*)
			echo "deps.sh: unknown group '$group'" >&2
			exit 2
			;;
		esac
	done
	# shellcheck disable=SC2086 # one word per package
	missing=$(not_installed $pkgs)
	[ -z "$missing" ] && exit 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing Debian packages; run as root:" >&2
		echo "  apt-get update && apt-get install -y$missing" >&2
		exit 1
	fi
	# One installer at a time (CI installs while its background steps
	# start): the second finds what the first installed.
	exec 9>/run/lock/devmap-deps.lock
	flock 9
	# shellcheck disable=SC2086 # one word per package
	missing=$(not_installed $pkgs)
	[ -z "$missing" ] && exit 0
	echo ">>> installing Debian packages:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}

# not_installed PACKAGE...: those not installed, each after a space
not_installed() {
	for p in "$@"; do
		dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf ' %s' "$p"
	done
}

main "$@"
