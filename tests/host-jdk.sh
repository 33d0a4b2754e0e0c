#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# host-jdk.sh FEATURE: prints the home of a JDK of that feature release
# for the host's Java tests, from Debian's newer suite (DEVMAP_JDK_SUITE,
# default trixie). The quick start promises JDK 17, 21 and 25: Debian 12
# has 17, the machine Temurin 25, and 21 comes from here.
#
# That suite's glibc is newer than the host's, so the JDK's programs get
# the suite's loader and C libraries: patchelf gives each executable the
# suite's ld.so as interpreter and the suite's library folder in its
# RPATH. The JDK's own libraries carry RPATH (not RUNPATH), so the
# executable's RPATH serves them too, dlopen included. The JDK's links
# into /etc (conf, security) point into the unpacked packages instead.
#
# Cached in $DEVMAP_CACHE/jdk/<suite>-<jdk version>-libc6-<version>, keyed
# by both packages' versions; made in a temporary folder and renamed, so
# an interrupted run leaves nothing half made.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=tests/vm/debian.sh
. "$here/vm/debian.sh"

main() {
	if [ "$#" -ne 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
		echo "usage: $0 FEATURE (e.g. 21)" >&2
		exit 2
	fi
	local feature=$1 suite=${DEVMAP_JDK_SUITE:-trixie}
	local pkg=openjdk-$feature-jdk-headless jdk_version libc_version
	command -v patchelf >/dev/null || {
		echo "host-jdk.sh: no patchelf (Debian package patchelf)" >&2
		exit 1
	}
	local cache root
	cache=$(devmap_cache)/jdk
	if apt_opts amd64 "$suite"; then
		jdk_version=$(deb_newest_version amd64 "$suite" "$pkg")
		libc_version=$(deb_newest_version amd64 "$suite" libc6)
	fi
	if [ -n "${jdk_version:-}" ] && [ -n "${libc_version:-}" ]; then
		root=$cache/$suite-$pkg-$jdk_version-libc6-$libc_version
		root=${root//[~+:]/_}
		[ -d "$root" ] || make_root "$root" "$suite" "$feature"
	else
		# The archive out of reach: the newest one made before will do.
		root=$(find "$cache" -maxdepth 1 -name "$suite-$pkg-*" 2>/dev/null |
			sort -V | tail -n 1)
		[ -n "$root" ] || {
			echo "host-jdk.sh: no $pkg or libc6 in Debian $suite (amd64), none cached" >&2
			exit 1
		}
		echo "host-jdk.sh: Debian $suite out of reach, using $root" >&2
	fi
	echo "$root/root/usr/lib/jvm/java-$feature-openjdk-amd64"
}

# make_root ROOT SUITE FEATURE
make_root() {
	local root=$1 suite=$2 feature=$3 tmp deb jdk f target
	mkdir -p "$(dirname "$root")"
	tmp=$(mktemp -d "$(dirname "$root")/.new.XXXXXX")
	mkdir "$tmp/debs"
	deb_download_from amd64 "$suite" "$tmp/debs" "openjdk-$feature-jdk-headless" \
		"openjdk-$feature-jre-headless" libc6 libgcc-s1 libstdc++6 zlib1g >&2
	for deb in "$tmp"/debs/*.deb; do
		dpkg -x "$deb" "$tmp/root"
	done
	rm -rf "$tmp/debs"
	jdk=$tmp/root/usr/lib/jvm/java-$feature-openjdk-amd64
	# The final paths: the RPATH and interpreter name the cache folder.
	local libs=$root/root/usr/lib/x86_64-linux-gnu
	for f in "$jdk"/bin/* "$jdk"/lib/jspawnhelper "$jdk"/lib/jexec; do
		[ -f "$f" ] || continue
		patchelf --set-interpreter "$libs/ld-linux-x86-64.so.2" \
			--force-rpath --set-rpath "\$ORIGIN:\$ORIGIN/../lib:$libs" "$f"
	done
	find "$jdk" -type l -lname '/etc/*' | while read -r f; do
		target=$(readlink "$f")
		ln -sfn "$root/root$target" "$f"
	done
	mv "$tmp" "$root"
	"$root/root/usr/lib/jvm/java-$feature-openjdk-amd64/bin/java" -version >&2
}

main "$@"
