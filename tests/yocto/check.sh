#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# check.sh [--full] SNAPSHOT_DIR: checks of meta-devmap against the
# oe-core and bitbake snapshots in SNAPSHOT_DIR (see its README.md), for
# scarthgap and wrynose. Prints TAP; exits 1 if a check failed.
#
#   tests/yocto/check.sh ../shared/yocto          (make check-yocto)
#   tests/yocto/check.sh --full ../shared/yocto   (make check-yocto-full)
#
# Without SNAPSHOT_DIR, or without the snapshots in it, it prints
# "SKIP: ..." and exits 0. Per series, as an unprivileged user (bitbake
# refuses root; as root the script creates the user devmap-ci) with a
# UTF-8 locale:
#   - bitbake -p: no error, and no warning that names the layer's files
#   - bitbake -g devmap-image (MACHINE qemuarm64-devmap): the graph holds
#     the module, JNA, the Java library, the node rule and the device tree
#   - every source of the layer's recipes fetches with BB_NO_NETWORK from
#     a local premirror (the jars, downloaded from Maven Central by this
#     script and checked), and a corrupt jar there is refused
#   - bad option values (window syntax, buffer size, mode, group,
#     autoload) stop parsing with an error that names the value
# On scarthgap also with meta-openjdk-temurin: -p and -g, the graph holds
# its JDK and JRE. --full runs yocto-check-layer instead (all its tests;
# 10-15 minutes per series): without Temurin on both series, with it on
# scarthgap (its compatibility does not list wrynose).
#
# State (unpacked snapshots, bitbake's cache, sstate, downloads) lives in
# ${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/yocto, keyed by
# the snapshots' checksums; a second run only reparses what changed.
set -u

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/../buildroot/tap.sh"

SERIES=${DEVMAP_YOCTO_SERIES:-scarthgap wrynose}
BUILD_USER=devmap-ci
MACHINE=qemuarm64-devmap
# The layer's recipes that have sources, and those that only parse
LAYER_RECIPES="devmap devmap-node jna jna-native ant-native devmap-java devmap-dtb"
MAVEN=https://repo1.maven.org/maven2
# Jars of the layer's recipes, as "path sha256" (the recipes hold the same
# sums; a version bump there without one here fails the fetch check).
JARS="
net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar b3a9408e7c51e08ef0e3bfcc08f443f6ec0f6191ba8cd7c18d53d2b22e5bdbc0
org/apache/ant/ant/1.10.18/ant-1.10.18.jar a12d775f581ad87592b1b1c7ff6fa5bcf6bb784974b94c848b0695ae15765f46
org/apache/ant/ant-launcher/1.10.18/ant-launcher-1.10.18.jar b96e61ec45a9cbb2cf8d009c47ca544b451f419df105195a919205af7af47aa2
org/apache/ant/ant-junit/1.10.18/ant-junit-1.10.18.jar abeabfa46305ee66e5aab522510f11d5ea605577048afa8d9799f1d44b79fe1c
junit/junit/4.13.2/junit-4.13.2.jar 8e495b634469d64fb8acfa3495a065cbacc8a0fff55ce1e31007be4c16dc57d3
org/hamcrest/hamcrest-core/1.3/hamcrest-core-1.3.jar 66fdef91e9739348df7a096aa384a5685f4e875584cce89386a7a47251c4d8e9
"

main() {
	local series
	FULL=
	if [ "${1:-}" = --full ]; then
		FULL=1
		shift
	fi
	SNAPSHOTS=${1:-}
	if [ -z "${SNAPSHOTS}" ]; then
		echo "SKIP: no snapshot folder given (tests/yocto/check.sh DIR, DIR with oe-core-*.tar.xz and bitbake-*.tar.xz)"
		exit 0
	fi
	for f in oe-core-scarthgap bitbake-2.8 oe-core-wrynose bitbake-2.18; do
		if [ ! -r "${SNAPSHOTS}/${f}.tar.xz" ]; then
			echo "SKIP: ${SNAPSHOTS}/${f}.tar.xz is missing"
			exit 0
		fi
	done
	SNAPSHOTS=$(cd "${SNAPSHOTS}" && pwd -P) || exit 1
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	CACHE=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/yocto
	N=0
	FAILED=0

	prepare_host || exit 1
	echo "TAP version 13"
	fetch_jars
	copy_tree
	for series in ${SERIES}; do
		if [ -n "${FULL}" ]; then
			check_layer "${series}" ""
		else
			check_series "${series}"
		fi
	done
	if [ -r "${SNAPSHOTS}/meta-openjdk-temurin-scarthgap.tar.xz" ]; then
		if [ -n "${FULL}" ]; then
			check_layer scarthgap temurin
		else
			check_temurin scarthgap
		fi
	else
		skip "scarthgap with meta-openjdk-temurin" \
			"no meta-openjdk-temurin-scarthgap.tar.xz"
	fi
	echo "1..${N}"
	echo "# $((N - FAILED)) passed, ${FAILED} failed"
	[ "${FAILED}" -eq 0 ]
}

# Indent a log as TAP diagnostics
diag() {
	sed 's/^/# /' "$@"
}

skip() {
	N=$((N + 1))
	echo "ok ${N} - $1 # SKIP $2"
}

# Host packages, the en_US.UTF-8 locale that oe-core's sanity check and
# tasks use, the unprivileged build user and a cache it can write.
prepare_host() {
	if [ "$(id -u)" -ne 0 ]; then
		RUN=()
		OWNER=
		mkdir -p "${CACHE}"
		return 0
	fi
	"${REPO}/tests/deps.sh" yocto || return 1
	if ! locale -a | grep -qix 'en_US.utf-*8'; then
		echo ">>> generating the en_US.UTF-8 locale"
		sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen ||
			echo 'en_US.UTF-8 UTF-8' >>/etc/locale.gen
		locale-gen >/dev/null || return 1
	fi
	if ! id "${BUILD_USER}" >/dev/null 2>&1; then
		echo ">>> creating the user ${BUILD_USER} (bitbake refuses root)"
		useradd --system --create-home --shell /bin/sh "${BUILD_USER}" ||
			return 1
	fi
	RUN=(runuser -u "${BUILD_USER}" --)
	OWNER=${BUILD_USER}
	mkdir -p "${CACHE}"
	chown "${BUILD_USER}:" "${CACHE}"
	allow_traverse "${CACHE}"
}

# The build user must reach the cache: give it search (x) permission on
# the folders above it that refuse it (/root is 0700), with an ACL that
# names that user only.
allow_traverse() {
	local dir=$1
	while [ "${dir}" != / ]; do
		dir=$(dirname "${dir}")
		if ! runuser -u "${BUILD_USER}" -- test -x "${dir}"; then
			echo ">>> letting ${BUILD_USER} traverse ${dir} (setfacl u:${BUILD_USER}:x)"
			setfacl -m "u:${BUILD_USER}:x" "${dir}" || return 1
		fi
	done
}

# as_user CMD...: run as the build user, UTF-8 locale, clean environment
as_user() {
	"${RUN[@]}" env -i HOME="${CACHE}/home" LANG=en_US.UTF-8 \
		LC_ALL=en_US.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
		"$@"
}

# The jars the layer's recipes fetch, into the premirror (kept between
# runs: Maven Central never changes a released file), each checked.
fetch_jars() {
	local path sum file rc=0 log=${CACHE}/premirror.log
	PREMIRROR=${CACHE}/premirror
	as_user mkdir -p "${PREMIRROR}" "${CACHE}/home"
	: >"${log}"
	while read -r path sum; do
		[ -n "${path}" ] || continue
		file=${PREMIRROR}/$(basename "${path}")
		if [ ! -s "${file}" ]; then
			echo ">>> downloading ${MAVEN}/${path}"
			as_user curl -fsSL --retry 3 -o "${file}.part" \
				"${MAVEN}/${path}" >>"${log}" 2>&1 &&
				as_user mv "${file}.part" "${file}"
		fi
		if ! echo "${sum}  ${file}" | sha256sum -c --quiet - >>"${log}" 2>&1; then
			echo "${file}: missing or not sha256 ${sum}" >>"${log}"
			rm -f "${file}"
			rc=1
		fi
	done <<<"${JARS}"
	[ "${rc}" -eq 0 ] || diag "${log}"
	result "${rc}" "jars of the layer's recipes downloaded from Maven Central, sha256 as in the recipes"
}

# The layer and the sources its recipes use, copied where the build user
# reads them, at a fixed path so that bitbake's parse cache stays valid.
copy_tree() {
	TREE=${CACHE}/tree${FULL:+-full}
	as_user mkdir -p "${TREE}"
	rsync -a --delete ${OWNER:+--chown="${OWNER}:"} \
		--exclude=build/ --exclude=/java-lib/lib/ \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude=Module.symvers \
		--exclude=modules.order \
		--include=/meta-devmap/*** --include=/driver/*** \
		--include=/java-lib/*** --include=/package/ \
		--include=/package/devmap-java/ \
		--include=/package/devmap-java/devmap-selftest \
		--include=/LICENSE --exclude='*' \
		"${REPO}/" "${TREE}/"
}

# unpack NAME: the snapshot NAME.tar.xz, unpacked once into a folder
# named by its checksum; prints that folder
unpack() {
	local tarball=${SNAPSHOTS}/$1.tar.xz sum dir
	sum=$(sha256sum "${tarball}" | cut -c1-16)
	dir=${CACHE}/src/$1-${sum}
	if [ ! -d "${dir}" ]; then
		as_user mkdir -p "${dir}.tmp" &&
			as_user tar -xJf "${tarball}" -C "${dir}.tmp" &&
			as_user mv "${dir}.tmp" "${dir}" || return 1
	fi
	echo "${dir}"
}

bitbake_version() {
	case "$1" in
	scarthgap) echo 2.8 ;;
	wrynose) echo 2.18 ;;
	esac
}

# setup_build SERIES VARIANT: a build folder with bblayers.conf and
# local.conf for oe-core (+ meta-openjdk-temurin if VARIANT is temurin);
# sets OECORE, BITBAKE, BUILDDIR
setup_build() {
	local series=$1 variant=$2 temurin='' conf_machine=${MACHINE}
	# yocto-check-layer first parses oe-core alone: a core machine there
	[ -z "${FULL}" ] || conf_machine=qemuarm64
	OECORE=$(unpack "oe-core-${series}") || return 1
	BITBAKE=$(unpack "bitbake-$(bitbake_version "${series}")") || return 1
	if [ "${variant}" = temurin ]; then
		temurin=$(unpack "meta-openjdk-temurin-${series}") || return 1
	fi
	BUILDDIR=${CACHE}/${FULL:+full-}build-${series}${variant:+-${variant}}
	as_user mkdir -p "${BUILDDIR}/conf" "${CACHE}/${FULL:+full-}sstate-${series}"
	as_user tee "${BUILDDIR}/conf/bblayers.conf" >/dev/null <<-EOF
		# written by tests/yocto/check.sh
		BBPATH = "\${TOPDIR}"
		BBFILES ?= ""
		BBLAYERS = "${OECORE}/meta ${TREE}/meta-devmap ${temurin}"
	EOF
	# One configuration for -p, -g and do_fetch, so that bitbake parses
	# once: the premirror is the only source, and DL_DIR starts empty.
	as_user tee "${BUILDDIR}/conf/local.conf" >/dev/null <<-EOF
		# written by tests/yocto/check.sh
		MACHINE ?= "${conf_machine}"
		DISTRO ?= "nodistro"
		DL_DIR = "${BUILDDIR}/downloads"
		SSTATE_DIR = "${CACHE}/${FULL:+full-}sstate-${series}"
		TMPDIR = "${BUILDDIR}/tmp"
		BB_NO_NETWORK = "1"
		BB_FETCH_PREMIRRORONLY = "1"
		PREMIRRORS = "https?://.*/.* file://${PREMIRROR}/"
		# Nothing can be built here, and the disk is shared
		BB_DISKMON_DIRS = ""
		CONF_VERSION = "2"
	EOF
	TEMURIN=${temurin}
}

# bb LOG ARGS...: bitbake as the build user in BUILDDIR. The server
# stays a little after each command: the next one reuses its parse, and
# it has the time to write the parse cache (bitbake 2.18 exits before
# that is done otherwise, and the next run parses everything again).
bb() {
	local log=$1
	shift
	# shellcheck disable=SC2016 # expanded by that shell
	as_user sh -c 'cd "$1" && shift && PATH="$0/bin:${PATH}" exec bitbake "$@"' \
		"${BITBAKE}" "${BUILDDIR}" --idle-timeout 30 "$@" >"${log}" 2>&1
}

check_series() {
	local series=$1 log rc
	if ! setup_build "${series}" ""; then
		result 1 "${series}: unpack the snapshots"
		return
	fi
	log=${BUILDDIR}/parse.log
	check_parse "${series}" "${log}"
	check_graph "${series}" "devmap devmap-node jna devmap-java devmap-dtb"
	check_fetch "${series}"
	check_bad_values "${series}"
}

# bitbake -p: no ERROR, no WARNING about the layer's files or recipes
check_parse() {
	local series=$1 log=$2 rc=0
	bb "${log}" -p || rc=1
	grep -q '^ERROR:' "${log}" && rc=1
	# The cache's path may hold "devmap": only the layer's files and
	# recipe names count
	sed -n "/^WARNING:/{s|${TREE}/meta-devmap|meta-devmap|g; s|${CACHE}|CACHE|g; p}" \
		"${log}" | grep -Eq '(^|[^a-z0-9-])(meta-devmap|devmap(-[a-z0-9-]+)?|packagegroup-devmap|jna(-native)?|ant-native)([^a-z0-9-]|$)' &&
		rc=1
	if [ "${rc}" -ne 0 ]; then
		diag "${log}"
	else
		grep '^WARNING:' "${log}" | sed 's/^/# (not from the layer) /'
	fi
	result "${rc}" "${series}${TEMURIN:+ + temurin}: bitbake -p, no error and no warning from meta-devmap"
}

# bitbake -g devmap-image: each of RECIPES in the task graph
check_graph() {
	local series=$1 recipes=$2 rc=0 r missing=
	bb "${BUILDDIR}/graph.log" -g devmap-image || rc=1
	for r in ${recipes}; do
		grep -q "^\"${r}\.do_" "${BUILDDIR}/task-depends.dot" 2>/dev/null ||
			missing="${missing} ${r}"
	done
	if [ -n "${missing}" ]; then
		echo "# not in task-depends.dot:${missing}"
		rc=1
	fi
	[ "${rc}" -eq 0 ] || diag "${BUILDDIR}/graph.log"
	result "${rc}" "${series}${TEMURIN:+ + temurin}: bitbake -g devmap-image resolves, graph holds ${recipes// /, }"
}

# do_fetch of every recipe of the layer, offline, from the premirror into
# an empty DL_DIR; then jna's alone (bitbake -b: no reparse) from a
# premirror whose jar is corrupt, which must fail
check_fetch() {
	local series=$1 rc=0 bad=${BUILDDIR}/bad-premirror
	as_user rm -rf "${BUILDDIR}/downloads" "${bad}"
	# shellcheck disable=SC2086 # one recipe per word
	bb "${BUILDDIR}/fetch.log" -f -c fetch ${LAYER_RECIPES} || rc=1
	# Each jar must have come through: DL_DIR was empty
	while read -r path _; do
		[ -z "${path}" ] || [ -s "${BUILDDIR}/downloads/$(basename "${path}")" ] ||
			{ echo "# not fetched: $(basename "${path}")"; rc=1; }
	done <<<"${JARS}"
	[ "${rc}" -eq 0 ] || diag "${BUILDDIR}/fetch.log"
	result "${rc}" "${series}: do_fetch of ${LAYER_RECIPES// /, } offline from the premirror"

	rc=0
	as_user cp -r "${PREMIRROR}" "${bad}"
	echo corrupt | as_user tee -a "${bad}/jna-5.17.0.jar" >/dev/null
	as_user rm -rf "${BUILDDIR}/downloads"
	echo "PREMIRRORS = \"https?://.*/.* file://${bad}/\"" |
		as_user tee "${BUILDDIR}/conf/bad-premirror.conf" >/dev/null
	if bb "${BUILDDIR}/fetch-bad.log" -R "${BUILDDIR}/conf/bad-premirror.conf" \
		-b "$(recipe_file jna)" -f -c fetch; then
		rc=1
	fi
	grep -qi 'checksum' "${BUILDDIR}/fetch-bad.log" || rc=1
	[ "${rc}" -eq 0 ] || diag "${BUILDDIR}/fetch-bad.log"
	result "${rc}" "${series}: a jar that does not match its sha256sum is refused"
	as_user rm -rf "${bad}" "${BUILDDIR}/downloads"
}

# recipe_file PN: the layer's recipe file of PN
recipe_file() {
	find "${TREE}/meta-devmap/recipes-"* -name "$1_*.bb" | head -n 1
}

# Each bad value, set as local.conf would, must stop parsing the recipe
# with an error naming the variable and the value.
check_bad_values() {
	local series=$1 line recipe var value conf log rc
	while IFS='|' read -r recipe var value; do
		[ -n "${recipe}" ] || continue
		conf=${BUILDDIR}/conf/bad.conf
		log=${BUILDDIR}/bad.log
		printf '%s = "%s"\n' "${var}" "${value}" | as_user tee "${conf}" >/dev/null
		rc=0
		if bb "${log}" -R "${conf}" -b "$(recipe_file "${recipe}")" -e; then
			rc=1
		fi
		line="${var}=\"${value}\""
		grep -qF "${line}" "${log}" || rc=1
		[ "${rc}" -eq 0 ] || diag "${log}"
		result "${rc}" "${series}: ${line} stops the build with an error naming it"
	done <<-EOF
		devmap|DEVMAP_WINDOWS|sdram:0xc0000000
		devmap|DEVMAP_WINDOWS|sdram:0xc0000000:3M:writeback
		devmap|DEVMAP_BUFFER_SIZE|1MB
		devmap-node|DEVMAP_MODE|0669
		devmap-node|DEVMAP_GROUP|Dev Map
		devmap|DEVMAP_AUTOLOAD|yes
	EOF
}

check_temurin() {
	local series=$1
	if ! setup_build "${series}" temurin; then
		result 1 "${series} + temurin: unpack the snapshots"
		return
	fi
	check_parse "${series}" "${BUILDDIR}/parse.log"
	check_graph "${series}" "devmap-java openjdk-17-jdk-native openjdk-17-jre jna devmap"
	TEMURIN=
}

# yocto-check-layer, all tests, for meta-devmap (a BSP layer: it defines
# qemuarm64-devmap, which is also the machine tested)
check_layer() {
	local series=$1 variant=$2 log rc=0 extra=()
	if ! setup_build "${series}" "${variant}"; then
		result 1 "${series}: unpack the snapshots"
		return
	fi
	log=${BUILDDIR}/yocto-check-layer.log
	if [ -n "${variant}" ]; then
		extra=(--additional-layers "${TEMURIN}")
	fi
	# It wants a fresh bblayers.conf holding oe-core only
	as_user tee "${BUILDDIR}/conf/bblayers.conf" >/dev/null <<-EOF
		BBPATH = "\${TOPDIR}"
		BBFILES ?= ""
		BBLAYERS = "${OECORE}/meta"
	EOF
	# shellcheck disable=SC2016 # expanded by that shell
	as_user BUILDDIR="${BUILDDIR}" \
		PATH="${BITBAKE}/bin:${OECORE}/scripts:/usr/bin:/bin:/usr/sbin:/sbin" \
		sh -c 'cd "${BUILDDIR}" && exec "$@"' sh \
		"${OECORE}/scripts/yocto-check-layer" --no-auto \
		--machines "${MACHINE}" "${extra[@]}" -- "${TREE}/meta-devmap" \
		>"${log}" 2>&1 || rc=1
	grep -E '^(INFO: )?(test_|INFO: (Ran|OK|FAILED|SUMMARY))|: (PASSED|FAILED|SKIPPED)' "${log}" |
		sed 's/^/# /'
	[ "${rc}" -eq 0 ] || tail -n 60 "${log}" | diag
	result "${rc}" "${series}${variant:+ + ${variant}}: yocto-check-layer --machines ${MACHINE} meta-devmap"
}

main "$@"
