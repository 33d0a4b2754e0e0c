#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# check-version.sh: java-lib/version.properties holds the project's one
# version; the Buildroot packages, the Yocto recipes (meta-devmap, when
# present) and every "org.devmap:devmap:VERSION",
# devmap-VERSION.jar and Maven <version> of org.devmap in the docs must say
# the same. Prints TAP.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
lib=$(cd "$here/.." && pwd -P)
top=$(cd "$lib/.." && pwd -P)
n=0
failed=0

main() {
	echo "TAP version 13"
	local version
	version=$(sed -n 's/^version *= *//p' "$lib/version.properties")
	is "version.properties has a version (got '$version')" \
		"$(printf '%s' "$version" | grep -cE '^[0-9]+\.[0-9]+\.[0-9]+$')" 1
	is "package/devmap/devmap.mk DEVMAP_VERSION" \
		"$(mk_version "$top/package/devmap/devmap.mk" DEVMAP_VERSION)" "$version"
	is "package/devmap-java/devmap-java.mk DEVMAP_JAVA_VERSION" \
		"$(mk_version "$top/package/devmap-java/devmap-java.mk" DEVMAP_JAVA_VERSION)" "$version"
	# The Yocto layer's recipes of the project carry it in their names; a
	# recipe with checksums fetches a third party's release (devmap-ant:
	# Ant's version), not the project.
	local bb
	for bb in "$top"/meta-devmap/recipes-*/*/devmap*_[0-9]*.bb; do
		[ -f "$bb" ] || continue
		grep -q 'sha256sum' "$bb" && continue
		local v=${bb##*_}
		is "${bb#"$top"/} names version ${v%.bb}" "${v%.bb}" "$version"
	done
	is "build.xml takes its version from version.properties" \
		"$(grep -c '<property file="version.properties"/>' "$lib/build.xml")" 1
	local doc seen=0
	for doc in "$top/README.md" "$lib/README.md" "$top"/docs/*.md; do
		[ -f "$doc" ] || continue
		local v
		for v in $(doc_versions "$doc"); do
			seen=$((seen + 1))
			is "${doc#"$top"/} names version $v" "$v" "$version"
		done
	done
	is "the docs name the version at least once" "$([ "$seen" -gt 0 ] && echo yes)" yes
	echo "1..$n"
	[ "$failed" = 0 ]
}

is() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1: got '$2', want '$3'"
		failed=$((failed + 1))
	fi
}

mk_version() {
	sed -n "s/^$2 *= *//p" "$1"
}

# org.devmap:devmap:X, artifact file names devmap-X.jar/.pom, and the
# <version> right after <artifactId>devmap<.
doc_versions() {
	grep -oE 'org\.devmap:devmap:[0-9][0-9A-Za-z.-]*' "$1" | sed 's/.*://'
	grep -oE 'devmap-[0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.-]*\.(jar|pom)' "$1" |
		sed -E 's/^devmap-//; s/(-sources|-javadoc)?\.(jar|pom)$//'
	sed -n '/<artifactId>devmap<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' "$1"
}

main "$@"
