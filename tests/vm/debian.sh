# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Sourced by the scripts that take Debian packages for the test guests.

# deb_download DEBARCH DIR PACKAGE...: download .debs into DIR. Packages
# of another architecture come through a private apt state, so that the
# host's dpkg architectures are never changed.
deb_download() {
	local arch=$1 dir=$2 state suite key
	shift 2
	if [ "$arch" = "$(dpkg --print-architecture)" ]; then
		(cd "$dir" && apt-get download -q "$@")
		return
	fi
	state=$(mktemp -d)
	suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
	key=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
	touch "$state/status"
	cat >"$state/sources.list" <<SOURCES
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian $suite main
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian $suite-updates main
deb [arch=$arch signed-by=$key] http://deb.debian.org/debian-security $suite-security main
SOURCES
	local opts=(
		-o "APT::Architecture=$arch"
		-o "APT::Architectures::=$arch"
		-o "Dir::State::Lists=$state/lists"
		-o "Dir::State::status=$state/status"
		-o "Dir::Cache=$state/cache"
		-o "Dir::Etc::SourceList=$state/sources.list"
		-o "Dir::Etc::SourceParts=/nonexistent"
		-o "APT::Sandbox::User=root"
	)
	apt-get "${opts[@]}" update -qq &&
		(cd "$dir" && apt-get "${opts[@]}" download -q "$@")
	local rc=$?
	rm -rf "$state"
	return "$rc"
}
