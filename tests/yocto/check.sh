#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# check.sh [--full] SNAPSHOT_DIR: checks of meta-devmap against the
# oe-core and bitbake snapshots in SNAPSHOT_DIR (see its README.md), for
# scarthgap and wrynose, without and with meta-openjdk-temurin. Prints
# TAP; exits 1 if a check failed.
#
#   tests/yocto/check.sh ../shared/yocto          (make check-yocto)
#   tests/yocto/check.sh --full ../shared/yocto   (make check-yocto-full)
#
# Without SNAPSHOT_DIR, or without the snapshots in it, it prints
# "SKIP: ..." and exits 0. Runs bitbake as an unprivileged user (bitbake
# refuses root; as root the script creates the user devmap-ci) with a
# UTF-8 locale. docs/yocto.md (Checks) says what each check proves; in
# short, per series:
#   - bitbake -p without error or warning from the layer; the task graph
#     of devmap-image; the jars fetched offline from a premirror into an
#     empty DL_DIR, and a corrupt one refused
#   - bitbake runs the layer's tasks offline: do_fetch, do_unpack and
#     do_populate_lic of every recipe with sources, the Java recipes
#     through do_install, do_package and do_package_qa, devmap-dtb
#     through do_deploy, with the native tools that cannot be fetched
#     stood in by Debian's (offline.conf, meta-devmap-ci); then what they
#     produced: package licences and dependencies, the device trees
#   - bad option values, a missing JDK, hosts JNA cannot serve: each
#     stops or skips the recipe with a message naming the cause
#   - docs/yocto.md's release snippets unpack a git checkout into S
#   - with meta-openjdk-temurin: -p, the graph holds its JDK and JRE, a
#     Temurin version older than the classes is refused, devmap-java
#     unpacks (Temurin's own tarballs cannot be fetched offline)
# and once, without bitbake: the layer's recipe names clash with no
# recipe of oe-core, meta-openjdk-temurin or meta-java; the layer's
# contact is no placeholder; its README's Java versions run the classes.
# --full runs yocto-check-layer instead of the per-series checks (all
# its tests; 10-15 minutes per series): without Temurin on both series,
# with it on scarthgap.
#
# State (unpacked snapshots, bitbake's parse cache, TMPDIR, sstate,
# downloads) lives in ${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}/yocto,
# keyed by the snapshots' checksums; a second run only redoes what
# changed.
set -u

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/../buildroot/tap.sh"

SERIES=${DEVMAP_YOCTO_SERIES:-scarthgap wrynose}
BUILD_USER=devmap-ci
MACHINE=qemuarm64-devmap
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
# The tasks that run offline, as recipe:task. do_populate_lic comes after
# do_fetch, do_unpack and do_patch, and checks LIC_FILES_CHKSUM. Beyond
# that, devmap, devmap-node and jna-jni need the cross toolchain or
# shadow-native, built from sources that cannot be fetched (docs/yocto.md).
TASKS="
devmap:do_populate_lic
devmap-node:do_populate_lic
jna-jni:do_populate_lic
jna:do_populate_lic jna:do_packagedata
jna-native:do_populate_sysroot
devmap-ant-native:do_populate_lic devmap-ant-native:do_populate_sysroot
devmap-java:do_populate_lic devmap-java:do_package_qa
packagegroup-devmap-java:do_package_qa packagegroup-devmap-tests:do_package_qa
devmap-dtb:do_populate_lic devmap-dtb:do_deploy devmap-dtb:do_package
"
# The image's graph must hold these
IMAGE_RECIPES="devmap devmap-node jna jna-jni devmap-java devmap-dtb packagegroup-devmap packagegroup-devmap-java packagegroup-devmap-tests"
# Recipe names of meta-java (master and scarthgap branches, with their
# BBCLASSEXTEND -native variants): a layer beside ours may be meta-java.
META_JAVA_RECIPES="ant-contrib-native ant-native antlr antlr-native
avalon-framework-api avalon-framework-api-native bcel bcel-native bsf
bsf-native ca-certificates-java ca-certificates-java-native cacao
cacao-initial-native cacao-native classpath classpath-initial-native
classpath-native commons-beanutils commons-cli commons-cli-native
commons-codec commons-codec-native commons-collections commons-collections3
commons-digester commons-discovery commons-el commons-fileupload
commons-httpclient commons-httpclient-native commons-io commons-lang
commons-logging commons-logging-native commons-net commons-net-native
commons-pool cup cup-native dbus-java dom4j ecj-bootstrap-native
ecj-initial-native fastjar fastjar-native gnujaf gnujaf-native gnumail
gnumail-native hsqldb icedtea7-native inetlib inetlib-native jacl
jacl-native jamvm jamvm-initial-native jamvm-native java-test-image
javasqlite jaxen jaxp1.3 jaxp1.3-native jdepend jdepend-native jdom jikes
jikes-initial-native jikes-native jlex jlex-native jsch jsch-native jsp2.0
junit junit-native junit4 junit4-native jzlib jzlib-native
libecj-bootstrap-native libmatthew log4j1.2 log4j1.2-native logkit
logkit-native openjdk-7 openjdk-7-test-image openjdk-8 openjdk-8-native
openjdk-8-test-image openjre-7-test-image openjre-8 openjre-8-test-image
oro oro-native poi regexp regexp-native rhino rhino-native rxtx
servlet2.3 servlet2.3-native servlet2.4 xalan-j xalan-j-native xerces-j
xerces-j-native xml-commons-resolver1.1 xml-commons-resolver1.1-native
xmlpull xom xpp2 xpp3"

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
	check_names
	check_contact
	check_java_floor
	for series in ${SERIES}; do
		if [ -n "${FULL}" ]; then
			check_layer "${series}" ""
		else
			check_series "${series}"
		fi
	done
	for series in ${SERIES}; do
		if [ ! -r "${SNAPSHOTS}/$(temurin_snapshot "${series}").tar.xz" ]; then
			skip "${series} with meta-openjdk-temurin" \
				"no $(temurin_snapshot "${series}").tar.xz"
		elif [ -z "${FULL}" ]; then
			check_temurin "${series}"
		elif [ "${series}" = scarthgap ]; then
			check_layer scarthgap temurin
		else
			skip "${series}: yocto-check-layer with meta-openjdk-temurin" \
				"its LAYERSERIES_COMPAT does not list ${series}"
		fi
	done
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
		host_jdk
		return
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
	allow_traverse "${CACHE}" || return 1
	host_jdk
}

# HOST_JDK: the build host's JDK 17 (Debian's openjdk-17-jdk-headless),
# which compiles devmap-java where meta-openjdk-temurin is absent
host_jdk() {
	local javac
	javac=$(command -v javac) && javac=$(readlink -f "${javac}") &&
		HOST_JDK=$(dirname "$(dirname "${javac}")") || HOST_JDK=
	if [ -z "${HOST_JDK}" ] || ! "${HOST_JDK}/bin/javac" -version 2>&1 | grep -q '^javac 17'; then
		echo "tests/yocto/check.sh: no JDK 17 on this host (javac -version: ${HOST_JDK:-no javac}); tests/deps.sh yocto installs it" >&2
		return 1
	fi
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

# write [-a] FILE: stdin into (or -a: onto) FILE, as the build user
write() {
	as_user tee "$@" >/dev/null
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

# The layer, its offline stand-ins and the sources its recipes use,
# copied where the build user reads them, at a fixed path so that
# bitbake's parse cache stays valid.
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
		--include=/tests/ --include=/tests/yocto/*** \
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

# meta-openjdk-temurin's branch for a series: its main branch stops at
# whinlatter, so wrynose takes it with wrynose added to its
# LAYERSERIES_COMPAT (as docs/yocto.md tells users)
temurin_snapshot() {
	case "$1" in
	scarthgap) echo meta-openjdk-temurin-scarthgap ;;
	*) echo meta-openjdk-temurin-main ;;
	esac
}

# setup_build SERIES VARIANT: a build folder with bblayers.conf and
# local.conf for oe-core, meta-devmap, meta-devmap-ci and its stand-ins
# (+ meta-openjdk-temurin if VARIANT is temurin); sets OECORE, BITBAKE,
# BUILDDIR, TEMURIN. With --full: oe-core and meta-devmap only, the way
# yocto-check-layer wants them.
setup_build() {
	local series=$1 variant=$2 temurin='' conf_machine=${MACHINE} ci='' compat=''
	# yocto-check-layer first parses oe-core alone: a core machine there
	[ -z "${FULL}" ] || conf_machine=qemuarm64
	OECORE=$(unpack "oe-core-${series}") || return 1
	BITBAKE=$(unpack "bitbake-$(bitbake_version "${series}")") || return 1
	if [ "${variant}" = temurin ]; then
		temurin=$(unpack "$(temurin_snapshot "${series}")") || return 1
		grep -q "LAYERSERIES_COMPAT_meta-openjdk-temurin = .*${series}" \
			"${temurin}/conf/layer.conf" ||
			compat="LAYERSERIES_COMPAT_meta-openjdk-temurin:append = \" ${series}\""
	fi
	[ -n "${FULL}" ] || ci=${TREE}/tests/yocto/meta-devmap-ci
	BUILDDIR=${CACHE}/${FULL:+full-}build-${series}${variant:+-${variant}}
	as_user mkdir -p "${BUILDDIR}/conf"
	write "${BUILDDIR}/conf/bblayers.conf" <<-EOF
		# written by tests/yocto/check.sh
		BBPATH = "\${TOPDIR}"
		BBFILES ?= ""
		BBLAYERS = "${OECORE}/meta ${TREE}/meta-devmap ${ci} ${temurin}"
		${compat}
	EOF
	# One configuration for every bitbake command of the folder, so that
	# bitbake parses once: the premirror is the only source, sstate and
	# TMPDIR stay in the folder (wrynose warns about an SSTATE_DIR shared
	# with other builds).
	write "${BUILDDIR}/conf/local.conf" <<-EOF
		# written by tests/yocto/check.sh
		MACHINE ?= "${conf_machine}"
		DISTRO ?= "nodistro"
		DL_DIR = "\${TOPDIR}/downloads"
		SSTATE_DIR = "\${TOPDIR}/sstate-cache"
		TMPDIR = "\${TOPDIR}/tmp"
		BB_NO_NETWORK = "1"
		BB_FETCH_PREMIRRORONLY = "1"
		PREMIRRORS = "https?://.*/.* file://${PREMIRROR}/"
		# The disk is shared
		BB_DISKMON_DIRS = ""
		CONF_VERSION = "2"
	EOF
	if [ -z "${FULL}" ]; then
		write -a "${BUILDDIR}/conf/local.conf" <<-EOF
			DEVMAP_CI_JDK = "${HOST_JDK}"
			require ${TREE}/tests/yocto/offline.conf
		EOF
	fi
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
	as_user sh -c 'cd "$1" && shift && PATH="$0/bin:${PATH}" exec nice -n 10 bitbake "$@"' \
		"${BITBAKE}" "${BUILDDIR}" --idle-timeout 30 "$@" >"${log}" 2>&1
}

# bb_conf NAME LOG ARGS...: bb with conf/NAME.conf (from stdin) read
# after local.conf
bb_conf() {
	local conf=${BUILDDIR}/conf/$1.conf log=$2
	shift 2
	write "${conf}"
	bb "${log}" -R "${conf}" "$@"
}

# recipe_file PN: the layer's recipe file of PN; fails, saying so, if
# the layer has none
recipe_file() {
	local f
	f=$(find "${TREE}/meta-devmap/recipes-"* -name "$1_*.bb" -o -name "$1.bb" |
		head -n 1)
	if [ -z "${f}" ]; then
		echo "# meta-devmap has no recipe $1" >&2
		echo "/nonexistent/$1.bb"
		return 1
	fi
	echo "${f}"
}

# The recipe that installs JNA's libjnidispatch.so (jna-jni)
jni_recipe_file() {
	grep -l 'install .*libjnidispatch\.so' "${TREE}"/meta-devmap/recipes-*/*/*.bb |
		grep . || echo /nonexistent/jna-jni.bb
}

check_series() {
	local series=$1
	if ! setup_build "${series}" ""; then
		result 1 "${series}: unpack the snapshots"
		return
	fi
	check_parse "${series}"
	check_graph "${series}" "${IMAGE_RECIPES}"
	check_packagegroups "${series}"
	check_default_deps "${series}"
	check_fetch "${series}"
	check_tasks "${series}"
	check_bad_values "${series}"
	check_no_jdk "${series}"
	check_jna_hosts "${series}"
	check_release_snippets "${series}"
}

# bitbake -p: no ERROR, no WARNING about the layer's files or recipes
check_parse() {
	local series=$1 log=${BUILDDIR}/parse.log rc=0
	bb "${log}" -p || rc=1
	grep -q '^ERROR:' "${log}" && rc=1
	# The cache's path may hold "devmap": only the layer's files and
	# recipe names count
	sed -n "/^WARNING:/{s|${TREE}/meta-devmap|meta-devmap|g; s|${CACHE}|CACHE|g; p}" \
		"${log}" | grep -Eq '(^|[^a-z0-9-])(meta-devmap|devmap(-[a-z0-9-]+)?|packagegroup-devmap(-[a-z]+)?|jna(-[a-z]+)?|pseudo-native)([^a-z0-9-]|$)' &&
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

# deps_of RECIPE TASK DEPTASK: the recipes whose DEPTASK RECIPE's TASK
# depends on in the image's task graph (rdeptask edges for run-time
# dependencies, do_prepare_recipe_sysroot's for build-time ones)
deps_of() {
	sed -n "s/^\"$1\.$2\" -> \"\([^\"]*\)\.$3\"$/\1/p" \
		"${BUILDDIR}/task-depends.dot" | sort -u | tr '\n' ' '
}

# packagegroup-devmap: driver and rule (and so the group), no Java;
# -java: the library and JNA; -tests: the JUnit suite. Read from the
# graph: do_package_qa depends on do_packagedata of every provider of a
# run-time dependency.
check_packagegroups() {
	local series=$1 rc=0 pg want got w
	while read -r pg want; do
		[ -n "${pg}" ] || continue
		got=$(deps_of "${pg}" do_package_qa do_packagedata)
		echo "# ${pg} depends at run time on: ${got:-nothing (not in the graph)}"
		for w in ${want}; do
			case "${w}" in
			!*) [[ " ${got} " != *" ${w#!} "* ]] || rc=1 ;;
			*) [[ " ${got} " == *" ${w} "* ]] || rc=1 ;;
			esac
		done
	done <<-EOF
		packagegroup-devmap devmap devmap-node !devmap-java !jna
		packagegroup-devmap-java devmap-java jna
		packagegroup-devmap-tests devmap-java
	EOF
	result "${rc}" "${series}: packagegroup-devmap holds the driver and the node rule (group) without Java; -java the library and JNA; -tests the JUnit suite"
}

# Recipes that compile nothing do not depend on the cross compiler or the
# C library (INHIBIT_DEFAULT_DEPS; allarch sets it)
check_default_deps() {
	local series=$1 rc=0 r deps
	for r in devmap-dtb devmap-node devmap-java jna devmap-ant-native packagegroup-devmap-java; do
		deps=$(deps_of "${r}" do_prepare_recipe_sysroot do_populate_sysroot |
			grep -oE '(^| )(gcc-cross|gcc-runtime|libgcc|glibc|musl)[^ ]*' | tr -d '\n')
		if [ -n "${deps}" ]; then
			echo "# ${r} has the toolchain in its sysroot:${deps}"
			rc=1
		fi
	done
	result "${rc}" "${series}: devmap-dtb, devmap-node and the Java recipes do not pull the cross compiler or the C library"
}

# The jars, fetched offline from the premirror into an empty DL_DIR (in a
# scratch build folder, so that forcing do_fetch leaves the main one's
# stamps alone); then jna's from a premirror whose jar is corrupt, which
# must fail.
check_fetch() {
	local series=$1 rc=0 r path scratch bad log
	scratch_build || { result 1 "${series}: a scratch build folder"; return; }
	scratch=${SCRATCH}
	# The recipes that fetch from Maven Central
	while read -r r; do
		log=${scratch}/fetch-$(basename "${r}" .bb).log
		if ! bb_scratch "${log}" -b "${r}" -f -c fetch; then
			diag "${log}"
			rc=1
		fi
	done < <(grep -l 'repo1\.maven\.org' "${TREE}"/meta-devmap/recipes-*/*/*.bb)
	while read -r path _; do
		[ -z "${path}" ] || [ -s "${scratch}/downloads/$(basename "${path}")" ] ||
			{ echo "# not fetched: $(basename "${path}")"; rc=1; }
	done <<<"${JARS}"
	result "${rc}" "${series}: the jars fetched offline from the premirror into an empty DL_DIR"

	rc=0
	bad=${scratch}/bad-premirror
	as_user cp -r "${PREMIRROR}" "${bad}"
	echo corrupt | as_user tee -a "${bad}/jna-5.17.0.jar" >/dev/null
	as_user rm -rf "${scratch}/downloads"
	log=${scratch}/fetch-bad.log
	echo "PREMIRRORS = \"https?://.*/.* file://${bad}/\"" |
		write "${scratch}/conf/bad-premirror.conf"
	if bb_scratch "${log}" -R "${scratch}/conf/bad-premirror.conf" \
		-b "$(recipe_file jna)" -f -c fetch; then
		rc=1
	fi
	grep -qi 'checksum' "${log}" || rc=1
	[ "${rc}" -eq 0 ] || diag "${log}"
	result "${rc}" "${series}: a jar that does not match its sha256sum is refused"
}

# SCRATCH: a build folder beside BUILDDIR with the same configuration and
# nothing else, made again for each run
scratch_build() {
	SCRATCH=${BUILDDIR}-scratch
	stop_server "${SCRATCH}" &&
		as_user rm -rf "${SCRATCH}" &&
		as_user mkdir -p "${SCRATCH}/conf" &&
		as_user cp "${BUILDDIR}/conf/bblayers.conf" "${BUILDDIR}/conf/local.conf" \
			"${SCRATCH}/conf/"
}

# stop_server DIR: ends the bitbake server of the build folder DIR, if one
# runs or is exiting, and waits until it is gone (it holds bitbake.lock to
# the end). Left to its idle timeout, a server outlives its folder: when
# the folder is made again, the old server's exit unlinks the next one's
# hashserve.sock, and that server's tasks warn "Error contacting Hash
# Equivalence Server".
stop_server() {
	local dir=$1
	[ -e "${dir}/bitbake.lock" ] || return 0
	if [ -S "${dir}/bitbake.sock" ]; then
		# shellcheck disable=SC2016 # expanded by that shell
		as_user sh -c 'cd "$1" && PATH="$0/bin:${PATH}" exec bitbake --kill-server' \
			"${BITBAKE}" "${dir}" >/dev/null 2>&1
	fi
	as_user flock -w 60 "${dir}/bitbake.lock" true ||
		{ echo "# the bitbake server in ${dir} did not exit within 60 s"; return 1; }
}

# bb_scratch LOG ARGS...: bb in SCRATCH (only -b commands: a scratch
# folder has no parse cache)
bb_scratch() {
	local main=${BUILDDIR} rc=0
	BUILDDIR=${SCRATCH}
	bb "$@" || rc=$?
	BUILDDIR=${main}
	return "${rc}"
}

# The layer's tasks, offline. One bitbake command; a warm run restores
# what did not change from sstate. Then what they produced.
check_tasks() {
	local series=$1 log=${BUILDDIR}/tasks.log rc=0 tasks_rc tmp pkgdata images
	# Stamps of do_fetch forced by earlier versions of this script taint
	# the tasks after them (a warning each); nothing is forced here.
	find "${BUILDDIR}"/tmp*/stamps -name '*.taint' -exec rm -f {} + 2>/dev/null
	# shellcheck disable=SC2086 # one recipe:task per word
	bb "${log}" ${TASKS} || rc=1
	grep -Eq '^(ERROR|WARNING):' "${log}" && rc=1
	if [ "${rc}" -ne 0 ]; then
		diag "${log}"
	else
		ran_tasks "${log}"
	fi
	result "${rc}" "${series}: bitbake ran the layer's tasks offline (do_fetch to do_populate_lic of every recipe with sources; the Java recipes to do_package_qa; devmap-dtb to do_deploy), no error, no warning, no QA issue"

	# What the tasks made; after a failed run, what is there may be an
	# earlier run's: each check below fails then.
	tasks_rc=${rc}
	tmp=${BUILDDIR}/$(tmpdir "${series}")
	pkgdata=$(echo "${tmp}"/pkgdata/*/runtime)
	rc=${tasks_rc}
	pkg_var "${pkgdata}" devmap-java LICENSE 'Apache-2.0' || rc=1
	pkg_var "${pkgdata}" devmap-java-selftest LICENSE 'Apache-2.0 & EPL-1.0 & BSD-3-Clause' || rc=1
	license_files "${tmp}" devmap-java "Apache-2.0 EPL-1.0 BSD-3-Clause" || rc=1
	result "${rc}" "${series}: package licences: devmap-java Apache-2.0; devmap-java-selftest (JUnit, Hamcrest) Apache-2.0 & EPL-1.0 & BSD-3-Clause, with their texts in the licence folder"

	rc=${tasks_rc}
	pkg_var "${pkgdata}" devmap-java RDEPENDS 'java2-runtime jna' || rc=1
	pkg_var "${pkgdata}" jna RDEPENDS 'jna-jni' || rc=1
	result "${rc}" "${series}: devmap-java depends at run time on java2-runtime and jna, jna on its JNI library jna-jni"

	rc=${tasks_rc}
	images=${tmp}/deploy/images/${MACHINE}
	if [ ! -s "${images}/devmap-window.dtbo" ]; then
		echo "# not deployed: devmap-window.dtbo"
		rc=1
	fi
	[ "$(fdtget "${images}/devmap-virt.dtb" /devmap-sdram compatible 2>&1)" = devmap,window ] ||
		{ echo "# devmap-virt.dtb has no /devmap-sdram window node"; rc=1; }
	[ "$(fdtget "${images}/devmap-virt.dtb" /reserved-memory/sdram@7f000000 reg 2>&1)" = "0 2130706432 0 3145728" ] ||
		{ echo "# devmap-virt.dtb does not reserve 3M at 0x7f000000"; rc=1; }
	result "${rc}" "${series}: devmap-dtb deploys devmap-virt.dtb (QEMU's virt tree with the window) and the overlay devmap-window.dtbo"
}

# tmpdir SERIES: TMPDIR in the build folder (scarthgap's nodistro appends
# -${TCLIBC}; wrynose dropped that)
tmpdir() {
	case "$1" in
	scarthgap) echo tmp-glibc ;;
	*) echo tmp ;;
	esac
}

# ran_tasks LOG: what bitbake ran, per recipe, as TAP diagnostics
ran_tasks() {
	sed -n 's/^NOTE: recipe \([^ ]*\)-[^- ]*-r[0-9]*: task do_\([a-z_]*\): Succeeded$/\1 \2/p' "$1" |
		awk '{ t[$1] = t[$1] " " $2 } END { for (r in t) print "# ran:", r ":" t[r] }' | sort
	grep -oE 'Sstate summary:.*|Tasks Summary:.*' "$1" | sed 's/^/# /'
}

# pkg_var PKGDATA PKG VAR WANT: VAR:PKG of the package's packaging data
# is WANT
pkg_var() {
	local got
	got=$(sed -n "s/^$3:$2: //p" "$1/$2" 2>/dev/null)
	echo "# $3:$2 = ${got:-(no packaging data)}"
	[ "${got}" = "$4" ]
}

# license_files TMPDIR PN LICENSES: do_populate_lic put each licence's
# text in deploy/licenses/<arch>/PN
license_files() {
	local dir l rc=0
	dir=$(echo "$1"/deploy/licenses/*/"$2")
	for l in $3; do
		[ -s "${dir}/generic_${l}" ] || { echo "# no ${dir}/generic_${l}"; rc=1; }
	done
	return "${rc}"
}

# Each bad value, set as local.conf would, must stop parsing the recipe
# with an error naming the variable and the value.
check_bad_values() {
	local series=$1 line recipe var value log rc
	while IFS='|' read -r recipe var value; do
		[ -n "${recipe}" ] || continue
		log=${BUILDDIR}/bad.log
		rc=0
		if printf '%s = "%s"\n' "${var}" "${value}" |
			bb_conf bad "${log}" -b "$(recipe_file "${recipe}")" -e; then
			rc=1
		fi
		line="${var}=\"${value}\""
		grep -qF "${line}" "${log}" || rc=1
		[ "${rc}" -eq 0 ] || diag "${log}"
		result "${rc}" "${series}${TEMURIN:+ + temurin}: ${line} stops the build with an error naming it"
	done <<-EOF
		${BAD_VALUES:-devmap|DEVMAP_WINDOWS|sdram:0xc0000000
		devmap|DEVMAP_WINDOWS|sdram:0xc0000000:3M:writeback
		devmap|DEVMAP_BUFFER_SIZE|1MB
		devmap-node|DEVMAP_MODE|0669
		devmap-node|DEVMAP_GROUP|Dev Map
		devmap|DEVMAP_AUTOLOAD|yes}
	EOF
}

# expect_skip [-r] NAME WHY RECIPE_FILE: with conf/NAME.conf (stdin) read
# after local.conf (-r: before bitbake.conf, for what the configuration
# includes by name: MACHINE, TCLIBC), RECIPE is skipped when parsed, with
# a reason matching WHY
expect_skip() {
	local opt=-R
	if [ "$1" = -r ]; then
		opt=-r
		shift
	fi
	local name=$1 why=$2 file=$3 log=${BUILDDIR}/$1.log rc=0
	write "${BUILDDIR}/conf/${name}.conf"
	if bb "${log}" "${opt}" "${BUILDDIR}/conf/${name}.conf" -b "${file}" -c listtasks; then
		rc=1
	fi
	grep -Eq "was skipped: .*${why}" "${log}" || rc=1
	grep -h 'was skipped' "${log}" | sed 's/^/# /'
	[ "${rc}" -eq 0 ] || diag "${log}"
	return "${rc}"
}

# No JDK (no meta-openjdk-temurin, DEVMAP_BUILD_JAVA_HOME empty): the
# Java recipe and its packagegroup are skipped when parsed, saying why
check_no_jdk() {
	local series=$1 rc=0 r
	for r in devmap-java packagegroup-devmap-java; do
		echo 'DEVMAP_BUILD_JAVA_HOME = ""' |
			expect_skip no-jdk 'needs a JDK' "$(recipe_file "${r}")" || rc=1
	done
	result "${rc}" "${series}: without a JDK, devmap-java and packagegroup-devmap-java are skipped at parse time, saying it needs a JDK"
}

# JNA's jar has Linux libraries for glibc only, little-endian arm64, no
# x32: its recipe is skipped on musl, aarch64_be and x32
check_jna_hosts() {
	local series=$1 rc=0 file
	file=$(jni_recipe_file)
	# scarthgap's TMPDIR ends in -${TCLIBC}, and oe-core refuses a TMPDIR
	# that moves (wrynose refuses TCLIBCAPPEND itself)
	{
		echo 'TCLIBC = "musl"'
		[ "$(tmpdir "${series}")" = tmp ] || echo 'TCLIBCAPPEND = "-glibc"'
	} | expect_skip -r host-musl 'host aarch64-oe-linux-musl ' "${file}" || rc=1
	echo 'DEFAULTTUNE = "aarch64_be"' |
		expect_skip -r host-be 'host aarch64_be-oe-linux ' "${file}" || rc=1
	printf 'MACHINE = "qemux86-64"\nDEFAULTTUNE = "x86-64-x32"\n' |
		expect_skip -r host-x32 'host x86_64-oe-linux-gnux32 ' "${file}" || rc=1
	result "${rc}" "${series}: the recipe of JNA's native library is skipped on musl, big-endian arm64 and x32 (COMPATIBLE_HOST)"
}

# docs/yocto.md's bbappends for building a release from git: applied to
# a git repository of this tree (file://, at its commit), do_unpack of
# devmap and devmap-java must leave S (and the self-test script) where the
# snippets say. Run in a scratch folder with meta-devmap-ci's
# devmap-ci-unpacked class, which fails the task if not.
check_release_snippets() {
	local series=$1 rc=0 repo commit conf r log
	repo=${CACHE}/release-git
	commit=$(release_git "${repo}") || { result 1 "${series}: a git repository of the tree"; return; }
	scratch_build || { result 1 "${series}: a scratch build folder"; return; }
	for r in devmap devmap-java; do
		conf=${SCRATCH}/conf/snippet-${r}.conf
		log=${SCRATCH}/snippet-${r}.log
		{
			echo 'BB_FETCH_PREMIRRORONLY = "0"'
			echo 'INHERIT += "devmap-ci-unpacked"'
			docs_snippet "${r}" | sed -E \
				-e "s|^([A-Z_]+) = |\1:pn-${r} = |" \
				-e "s|git://[^;\"]*|git://${repo}|" \
				-e 's|protocol=https|protocol=file|' \
				-e "s|<commit of the release tag>|${commit}|"
		} | write "${conf}"
		if ! grep -q "^SRC_URI:pn-${r} = .*git://" "${conf}"; then
			echo "# docs/yocto.md has no ${r}_%.bbappend snippet with a git SRC_URI"
			rc=1
			continue
		fi
		if ! bb_scratch "${log}" -R "${conf}" -b "$(recipe_file "${r}")" -c unpack ||
			grep '^WARNING:' "${log}" | grep -vq 'Buildfile specified'; then
			diag "${conf}" "${log}"
			rc=1
		fi
	done
	result "${rc}" "${series}: docs/yocto.md's release bbappends (git) unpack devmap and devmap-java where their S says"
}

# docs_snippet PN: the lines of docs/yocto.md's "# PN_%.bbappend" block
docs_snippet() {
	awk -v head="# $1_%.bbappend" '
		/^```/ { inblock = !inblock; on = 0; next }
		inblock && $0 == head { on = 1; next }
		on' "${REPO}/docs/yocto.md"
}

# release_git DIR: a git repository in DIR holding the tree's sources at
# one commit, made again when they change; prints the commit
release_git() {
	local dir=$1 stamp
	stamp=$(cd "${TREE}" && find driver java-lib package LICENSE -type f -print0 |
		sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
	if [ "$(cat "${dir}.stamp" 2>/dev/null)" != "${stamp}" ]; then
		as_user rm -rf "${dir}" &&
			as_user mkdir -p "${dir}" &&
			as_user cp -r "${TREE}/driver" "${TREE}/java-lib" "${TREE}/package" \
				"${TREE}/LICENSE" "${dir}/" &&
			as_user git -C "${dir}" init -q -b main &&
			as_user git -C "${dir}" add -A &&
			as_user git -C "${dir}" -c user.name=check -c user.email=check@localhost \
				commit -q -m release &&
			echo "${stamp}" | write "${dir}.stamp" || return 1
	fi
	as_user git -C "${dir}" rev-parse HEAD
}

# With meta-openjdk-temurin (on wrynose with wrynose added to its
# LAYERSERIES_COMPAT): the layer parses, the image's graph holds
# Temurin's JDK for devmap-java's sysroot and its JRE for devmap-java's
# package, an older Temurin is refused, and devmap-java unpacks.
# Temurin's own tarballs cannot be fetched offline: nothing is compiled
# with it here.
check_temurin() {
	local series=$1 rc=0 log jdk jre
	if ! setup_build "${series}" temurin; then
		result 1 "${series} + temurin: unpack the snapshots"
		return
	fi
	check_parse "${series}"
	check_graph "${series}" "devmap-java openjdk-17-jdk-native openjdk-17-jre jna packagegroup-devmap-java"
	jdk=$(deps_of devmap-java do_prepare_recipe_sysroot do_populate_sysroot)
	jre=$(deps_of devmap-java do_package_qa do_packagedata)
	echo "# devmap-java: sysroot from ${jdk}; run-time dependencies ${jre}"
	[[ " ${jdk} " == *" openjdk-17-jdk-native "* ]] || rc=1
	[[ " ${jre} " == *" openjdk-17-jre "* ]] || rc=1
	result "${rc}" "${series} + temurin: devmap-java compiles with Temurin's openjdk-17-jdk-native and depends on its openjdk-17-jre"

	BAD_VALUES="devmap-java|DEVMAP_TEMURIN_VERSION|11" check_bad_values "${series}"

	rc=0
	log=${BUILDDIR}/unpack.log
	bb "${log}" devmap-java:do_unpack jna:do_unpack || rc=1
	grep -Eq '^(ERROR|WARNING):' "${log}" && rc=1
	[ "${rc}" -eq 0 ] || diag "${log}"
	result "${rc}" "${series} + temurin: do_fetch and do_unpack of devmap-java and jna offline"
	TEMURIN=
}

# The layer's recipe names (with their BBCLASSEXTEND -native variants)
# and those of oe-core (both series), meta-openjdk-temurin and meta-java:
# none in common, so that no layer's recipe silently replaces another.
check_names() {
	local rc=0 ours theirs dir clash
	ours=$(recipe_names "${TREE}/meta-devmap")
	theirs=${META_JAVA_RECIPES}
	for dir in "$(unpack oe-core-scarthgap)/meta" "$(unpack oe-core-wrynose)/meta" \
		"$(unpack meta-openjdk-temurin-scarthgap 2>/dev/null)" \
		"$(unpack meta-openjdk-temurin-main 2>/dev/null)"; do
		[ -d "${dir}" ] && theirs="${theirs} $(recipe_names "${dir}")"
	done
	clash=$(comm -12 <(tr ' ' '\n' <<<"${ours}" | sort -u) \
		<(tr -s '[:space:]' '\n' <<<"${theirs}" | sed '/^$/d' | sort -u) | tr '\n' ' ')
	echo "# meta-devmap's recipes: ${ours}"
	if [ -n "${clash}" ]; then
		echo "# also in oe-core, meta-openjdk-temurin or meta-java: ${clash}"
		rc=1
	fi
	result "${rc}" "the layer's recipe names are in neither oe-core, meta-openjdk-temurin nor meta-java"
}

# recipe_names LAYERDIR: PN of each recipe (file name up to _), and
# PN-native for those that BBCLASSEXTEND to native
recipe_names() {
	local f pn
	find "$1" -name '*.bb' -not -path '*/lib/*' | while read -r f; do
		pn=$(basename "${f}" .bb)
		pn=${pn%%_*}
		echo "${pn}"
		if [[ "${pn}" != *-native ]] &&
			grep -Eq '^BBCLASSEXTEND.*[" ]native([" ]|$)' "${f}" 2>/dev/null; then
			echo "${pn}-native"
		fi
	done | sort -u | tr '\n' ' '
}

# The layer's README and SECURITY.md name a contact that works: the
# project's issue tracker, no placeholder address (RFC 2606 domains,
# .invalid, .test, localhost)
check_contact() {
	local rc=0 f
	for f in README.md SECURITY.md; do
		f=${TREE}/meta-devmap/${f}
		if grep -Eino '[a-z0-9.-]*\b(example\.(org|com|net)|[a-z0-9-]+\.(example|invalid|test|localhost))\b|@localhost' "${f}"; then
			echo "# ${f#"${TREE}"/}: a placeholder address"
			rc=1
		fi
		grep -qi 'issue tracker' "${f}" ||
			{ echo "# ${f#"${TREE}"/}: does not point to the issue tracker"; rc=1; }
	done
	result "${rc}" "meta-devmap's README.md and SECURITY.md point to the project's issue tracker, no placeholder address"
}

# The Java versions the layer's README and docs/yocto.md offer (Temurin
# versions, JDK and Java N) run classes of java-lib/build.xml's
# javac.release, and devmap-jdk.bbclass knows that release
check_java_floor() {
	local rc=0 release class f bad
	release=$(sed -n 's/.*<property name="javac.release" value="\([0-9]*\)".*/\1/p' \
		"${TREE}/java-lib/build.xml")
	class=$(sed -n 's/^DEVMAP_JAVA_RELEASE = "\([0-9]*\)"/\1/p' \
		"${TREE}/meta-devmap/classes/devmap-jdk.bbclass" 2>/dev/null)
	echo "# java-lib/build.xml: javac.release ${release}; devmap-jdk.bbclass: DEVMAP_JAVA_RELEASE ${class:-unset}"
	[ -n "${release}" ] && [ "${class}" = "${release}" ] || rc=1
	for f in "${TREE}/meta-devmap/README.md" "${REPO}/docs/yocto.md"; do
		[ -r "${f}" ] || { echo "# ${f} is missing"; rc=1; continue; }
		# Numbers after JDK, JRE, Java, Temurin, openjdk- and the
		# values DEVMAP_TEMURIN_VERSION is set to or "picks"
		bad=$({
			grep -oiE '(jdk|jre|java|temurin|openjdk)[ -]([0-9]+)' "${f}" |
				grep -oE '[0-9]+$'
			tr '\n' ' ' <"${f}" |
				grep -oE 'DEVMAP_TEMURIN_VERSION`?( = "| picks )[0-9]+((, | or | and )[0-9]+)*' |
				grep -oE '\b[0-9]+\b'
		} | awk -v r="${release:-0}" '$1 < r' | sort -u | tr '\n' ' ')
		if [ -n "${bad}" ]; then
			echo "# ${f##*/} offers Java ${bad}, older than release ${release}"
			rc=1
		fi
	done
	result "${rc}" "the layer's README and docs/yocto.md offer no Java older than java-lib's release (${release:-unknown})"
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
	write "${BUILDDIR}/conf/bblayers.conf" <<-EOF
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

main "$@"; exit
