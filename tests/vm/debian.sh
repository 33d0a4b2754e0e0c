# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Sourced by the scripts that take Debian packages for the test guests.
# Packages of another architecture or suite come through a private apt
# state kept in the cache, so that the host's dpkg architectures and
# sources are never changed.

devmap_cache() {
	echo "${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}"
}

host_suite() {
	sed -n 's/^VERSION_CODENAME=//p' /etc/os-release
}

# apt_opts ARCH SUITE: fills the array APT_OPTS with the options of the
# private apt state for ARCH and SUITE, updating its lists once per call
# of the sourcing script.
apt_opts() {
	local arch=$1 suite=$2 state key
	key=/usr/share/keyrings/debian-archive-keyring.gpg
	state=$(devmap_cache)/apt/$suite-$arch
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
	touch "$state/status"
	if [ "$suite" = "$(host_suite)" ]; then
		cat >"$state/sources.list" <<SOURCES
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian $suite main
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian $suite-updates main
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian-security $suite-security main
SOURCES
	else
		echo "deb [arch=$arch signed-by=$key] http://deb.debian.org/debian $suite main" \
			>"$state/sources.list"
	fi
	APT_OPTS=(
		-o "APT::Architecture=$arch"
		-o "APT::Architectures::=$arch"
		-o "Dir::State::Lists=$state/lists"
		-o "Dir::State::status=$state/status"
		-o "Dir::Cache=$state/cache"
		-o "Dir::Etc::SourceList=$state/sources.list"
		-o "Dir::Etc::SourceParts=/nonexistent"
		-o "APT::Sandbox::User=root"
	)
	case " ${APT_UPDATED:-} " in
	*" $suite-$arch "*) ;;
	*)
		apt-get "${APT_OPTS[@]}" update -qq || return 1
		APT_UPDATED="${APT_UPDATED:-} $suite-$arch"
		;;
	esac
}

# deb_download DEBARCH DIR PACKAGE...: download .debs of the host's suite
# into DIR.
deb_download() {
	local arch=$1 dir=$2
	shift 2
	deb_download_from "$arch" "$(host_suite)" "$dir" "$@"
}

# deb_download_from DEBARCH SUITE DIR PACKAGE...
deb_download_from() {
	local arch=$1 suite=$2 dir=$3
	shift 3
	apt_opts "$arch" "$suite" || return 1
	(cd "$dir" && apt-get "${APT_OPTS[@]}" download -q "$@")
}

# deb_newest DEBARCH SUITE REGEX: the newest package name matching REGEX.
deb_newest() {
	apt_opts "$1" "$2" || return 1
	apt-cache "${APT_OPTS[@]}" search --names-only "$3" |
		awk '{ print $1 }' | sort -V | tail -n 1
}

# deb_newest_version DEBARCH SUITE PACKAGE: its version there.
deb_newest_version() {
	apt_opts "$1" "$2" || return 1
	apt-cache "${APT_OPTS[@]}" madison "$3" | awk 'NR == 1 { print $3 }'
}
