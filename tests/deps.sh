#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# deps.sh GROUP...: install the Debian packages a make target needs, when
# they are missing. GROUPs: build (compilers, headers, QEMU), java (JDK,
# Ant), lint (shellcheck, checkpatch's source), yocto (bitbake's host
# tools). Needs root to install;
# otherwise prints the apt-get command to run.
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
			pkgs="$pkgs openjdk-17-jdk-headless ant ant-optional junit4 maven
			curl unzip ca-certificates"
			;;
		yocto)
			pkgs="$pkgs gawk diffstat unzip texinfo chrpath socat
			python3-pexpect xz-utils debianutils iputils-ping python3-git
			python3-jinja2 python3-subunit locales libacl1 acl
			build-essential file cpio lz4 zstd rsync curl git
			ca-certificates"
			;;
		debug)
			# tests/debug/build-kernel.sh: kernel build tools, and xz
			# for linux-source-6.12's tarball
			pkgs="$pkgs make gcc libc6-dev bc flex bison libelf-dev
			xz-utils cpio qemu-system-x86"
			;;
		lint)
			pkgs="$pkgs shellcheck linux-source-6.12 xz-utils perl
			dt-schema device-tree-compiler"
			;;
		*)
			echo "deps.sh: unknown group '$group'" >&2
			exit 2
			;;
		esac
	done
	missing=
	for p in $pkgs; do
		dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && exit 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing Debian packages; run as root:" >&2
		echo "  apt-get update && apt-get install -y$missing" >&2
		exit 1
	fi
	echo ">>> installing Debian packages:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}

main "$@"
