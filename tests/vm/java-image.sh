#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# java-image.sh DEST
#
# Java for the test guests: java-lib's jars (built with Ant), a jlink'd
# runtime (java.base, java.logging: what JNA needs) per board with the C
# libraries it links against, and JNA's native library pre-extracted to
# /usr/lib so that nothing is unpacked at run time. jlink must be of the
# same version as the jmods it links, so both come from the Debian
# archive's newest openjdk-17 (the amd64 JDK runs jlink here; the arm64
# JDK only provides its jmods).
#
# Result: DEST/share (jars, launcher, guest scripts; /opt/devmap in the
# guest) and DEST/<board> (a root overlay: /opt/java, libraries).
#
# With DEVMAP_JDK25=1, also DEST/<board>-jdk25 (a link into the cache,
# ~/.cache/devmap/java25, kept while its stamp holds): a second overlay
# with /opt/java25, a JDK 25 runtime from Debian sid's jmods for
# the library's java.lang.foreign path, and sid's C libraries, which it
# needs and JDK 17 runs on too. Linked by the host's JDK 25 jlink
# (JDK25_HOME, default Temurin's under /usr/lib/jvm): jlink takes jmods
# of its own feature release. No CDS archive: it would run the target's
# java here, whose glibc is newer than the host's.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
# shellcheck source=tests/vm/debian.sh
. "$here/debian.sh"

main() {
	[ "$#" -eq 1 ] || {
		echo "usage: $0 DEST" >&2
		exit 2
	}
	mkdir -p "$1"
	dest=$(cd "$1" && pwd -P)
	jdk_version=$(apt-cache madison openjdk-17-jdk-headless |
		awk 'NR == 1 { print $3 }')
	build_jars
	jlink_jdk
	for board in x86_64 arm64; do
		runtime "$board"
		if [ "${DEVMAP_JDK25:-0}" = 1 ]; then
			runtime25 "$board"
		fi
	done
}

say() {
	echo ">>> $*"
}

build_jars() {
	say "java-lib: ant dist"
	ant -q -f "$repo/java-lib/build.xml" dist >"$dest/ant.log" 2>&1 || {
		cat "$dest/ant.log" >&2
		return 1
	}
	local share=$dest/share lib=$repo/java-lib/lib
	rm -rf "$share"
	mkdir -p "$share/classes"
	cp "$repo/java-lib/build/devmap.jar" "$repo/java-lib/build/devmap-tests.jar" "$share/"
	cp "$lib"/jna-*.jar "$share/jna.jar"
	cp "$lib"/junit-*.jar "$share/junit.jar"
	cp "$lib"/hamcrest-core-*.jar "$share/hamcrest.jar"
	cp "$repo/java-lib/bin/devmap" "$share/devmap"
	cp "$here/guest/guest-java.sh" "$share/"
	javac -q --release 17 -Xlint:all -Werror -d "$share/classes" \
		-cp "$share/junit.jar" "$here/guest/TapRunner.java" 2>/dev/null ||
		javac --release 17 -Xlint:all -Werror -d "$share/classes" \
			-cp "$share/junit.jar" "$here/guest/TapRunner.java"
}

# An amd64 JDK of jdk_version, unpacked, for its jlink and jmods.
jlink_jdk() {
	local root=$dest/jdk-$jdk_version
	host_jdk=$root/usr/lib/jvm/java-17-openjdk-amd64
	[ -x "$host_jdk/bin/jlink" ] && return
	say "JDK $jdk_version (amd64) for jlink"
	rm -rf "$dest"/jdk-* "$dest/debs-jdk"
	mkdir -p "$root" "$dest/debs-jdk"
	deb_download amd64 "$dest/debs-jdk" "openjdk-17-jdk-headless=$jdk_version" \
		"openjdk-17-jre-headless=$jdk_version"
	for deb in "$dest"/debs-jdk/*.deb; do
		dpkg -x "$deb" "$root"
	done
	rm -rf "$dest/debs-jdk"
}

debarch() {
	case "$1" in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	esac
}

jna_dir() {
	case "$1" in
	x86_64) echo linux-x86-64 ;;
	arm64) echo linux-aarch64 ;;
	esac
}

runtime() {
	local board=$1 arch out debs pkgroot stamp
	arch=$(debarch "$board")
	out=$dest/$board
	stamp="$jdk_version $(sha256sum "$dest/share/jna.jar" | cut -c1-16)"
	stamp="$stamp $(sha256sum "$0" | cut -c1-16)"
	if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
		return
	fi
	say "Java runtime for $board: Debian $arch jmods $jdk_version, jlink"
	rm -rf "$out"
	debs=$dest/debs-$arch
	pkgroot=$dest/pkgroot-$arch
	rm -rf "$debs" "$pkgroot"
	mkdir -p "$debs" "$pkgroot" "$out/usr/lib"
	local jmods=$host_jdk/jmods pkgs=(libc6 zlib1g libstdc++6 libgcc-s1)
	if [ "$arch" != amd64 ]; then
		pkgs+=("openjdk-17-jdk-headless=$jdk_version")
		jmods=$pkgroot/usr/lib/jvm/java-17-openjdk-$arch/jmods
	fi
	deb_download "$arch" "$debs" "${pkgs[@]}"
	for deb in "$debs"/*.deb; do
		dpkg -x "$deb" "$pkgroot"
	done

	# Same-version jmods: the host's jlink links any target's runtime.
	# CDS needs to run the target's java; objcopy must know its format.
	local strip=(--strip-debug --generate-cds-archive)
	[ "$board" = arm64 ] && strip=(--strip-java-debug-attributes
		--strip-native-debug-symbols=objcopy=/usr/bin/aarch64-linux-gnu-objcopy)
	"$host_jdk/bin/jlink" --module-path "$jmods" \
		--add-modules java.base,java.logging --output "$out/opt/java" \
		--no-header-files --no-man-pages --compress=2 "${strip[@]}"

	# The C libraries bin/java and libjvm.so link against.
	cp -a "$pkgroot/lib" "$out/"
	[ -d "$pkgroot/lib64" ] && cp -a "$pkgroot/lib64" "$out/"
	cp -a "$pkgroot/usr/lib/"*-linux-gnu "$out/usr/lib/"
	find "$out" -name '*.a' -delete

	unzip -q -o -j "$dest/share/jna.jar" \
		"com/sun/jna/$(jna_dir "$board")/libjnidispatch.so" -d "$out/usr/lib"
	rm -rf "$debs" "$pkgroot"
	rm -rf "${out:?}/usr/lib/jvm" "${out:?}/usr/share"
	echo "$stamp" >"$out/.stamp"
	say "Java runtime for $board: $(du -sh "$out" | cut -f1)"
}

jdk25_home() {
	local home=${JDK25_HOME:-}
	[ -n "$home" ] || home=$(find /usr/lib/jvm -maxdepth 1 -name 'temurin-25-jdk-*' | sort | head -n 1)
	if [ -z "$home" ] || [ ! -x "$home/bin/jlink" ]; then
		return 1
	fi
	echo "$home"
}

runtime25() {
	local board=$1 arch out debs pkgroot stamp version jlink
	arch=$(debarch "$board")
	out=$(devmap_cache)/java25/$board
	rm -f "$dest/$board-jdk25"
	if ! jlink=$(jdk25_home)/bin/jlink; then
		say "SKIP: JDK 25 runtime for $board: no JDK 25 on this host (JDK25_HOME)"
		return 0
	fi
	ln -sfn "$out" "$dest/$board-jdk25"
	version=$(deb_newest_version "$arch" sid openjdk-25-jdk-headless) || return 1
	stamp="$version $("$jlink" --version) $(sha256sum "$0" | cut -c1-16)"
	if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
		return
	fi
	say "JDK 25 runtime for $board: Debian sid $arch jmods $version, jlink $("$jlink" --version)"
	rm -rf "$out"
	debs=$out.debs
	pkgroot=$out.root
	rm -rf "$debs" "$pkgroot"
	mkdir -p "$debs" "$pkgroot" "$out/opt"
	deb_download_from "$arch" sid "$debs" libc6 zlib1g libstdc++6 libgcc-s1 \
		"openjdk-25-jdk-headless=$version" "openjdk-25-jre-headless=$version"
	for deb in "$debs"/*.deb; do
		dpkg -x "$deb" "$pkgroot"
	done
	local objcopy=/usr/bin/objcopy
	[ "$board" = arm64 ] && objcopy=/usr/bin/aarch64-linux-gnu-objcopy
	"$jlink" --module-path "$pkgroot/usr/lib/jvm/java-25-openjdk-$arch/jmods" \
		--add-modules java.base,java.logging --output "$out/opt/java25" \
		--no-header-files --no-man-pages --compress=zip-6 \
		--strip-java-debug-attributes \
		"--strip-native-debug-symbols=objcopy=$objcopy"
	# Debian's jmods carry separate debug files, which jlink copies.
	find "$out/opt/java25" -name '*.debuginfo' -delete
	# Over the JDK 17 overlay's libraries, under the same names: sid's
	# files live in /usr/lib (merged /usr), the overlay's in /lib, which
	# the loader searches first; /lib64 and /lib's loader links then
	# lead to sid's loader.
	local triplet dir
	for dir in "$pkgroot"/usr/lib/*-linux-gnu; do
		triplet=${dir##*/}
		mkdir -p "$out/lib/$triplet"
		cp -a "$dir/." "$out/lib/$triplet/"
		[ -d "$pkgroot/lib/$triplet" ] && cp -a "$pkgroot/lib/$triplet/." "$out/lib/$triplet/"
	done
	rm -rf "${out:?}/usr"
	find "$out" -name '*.a' -delete
	rm -rf "$debs" "$pkgroot"
	echo "$stamp" >"$out/.stamp"
	say "JDK 25 runtime for $board: $(du -sh "$out" | cut -f1)"
}

main "$@"
