#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# maven-test.sh: the Maven artifact org.devmap:devmap (the library jar)
# installs into a local repository with a POM fit for publishing, a project
# (maven-test/) builds against it and runs on the module path with JNA
# resolved from the POM, on JDK 17 and on every newer JDK found, with
# nothing on stderr (JDK 24+ warns there when JNA lacks native access), and
# the module hides its JNA binding. Prints TAP.
#
# Environment:
#   DEVMAP_CACHE      cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/devmap);
#                     the local Maven repository is $DEVMAP_CACHE/maven/repository
#   MVN               mvn command (default mvn)
#   DEVMAP_TEST_JDKS  more JDK homes to run on (default: /usr/lib/jvm/temurin-*)
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
lib=$(cd "$here/.." && pwd -P)
cache=${DEVMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devmap}
m2=$cache/maven/repository
work=$lib/build/maven-test
mvn=${MVN:-mvn}
n=0
failed=0

main() {
	echo "TAP version 13"
	if ! command -v "$mvn" >/dev/null 2>&1; then
		echo "1..0 # SKIP no $mvn (Debian package maven)"
		return 0
	fi
	local version
	version=$(sed -n 's/^version *= *//p' "$lib/version.properties")
	local base=$lib/build/maven/devmap-$version
	step "ant maven builds devmap-$version jar, sources, javadoc and POM" \
		ant -q -f "$lib/build.xml" maven
	pom "$base.pom"
	step "the artifact is the library: no CLI classes in devmap-$version.jar" \
		sh -c "! unzip -Z1 '$base.jar' | grep -q '^org/devmap/cli/'"
	step "mvn install:install-file puts org.devmap:devmap:$version into $m2" \
		"$mvn" -B -q -Dmaven.repo.local="$m2" \
		org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file \
		-Dfile="$base.jar" -DpomFile="$base.pom" \
		-Dsources="$base-sources.jar" -Djavadoc="$base-javadoc.jar"
	local dir=$m2/org/devmap/devmap/$version
	step "the repository holds the jar, POM, sources and javadoc" \
		test -f "$dir/devmap-$version.jar" -a -f "$dir/devmap-$version.pom" \
		-a -f "$dir/devmap-$version-sources.jar" -a -f "$dir/devmap-$version-javadoc.jar"
	rm -rf "$work"
	mkdir -p "$work"
	cp -r "$lib/maven-test/." "$work/"
	step "a Maven project builds against the installed artifact" \
		"$mvn" -B -q -f "$work/pom.xml" -Dmaven.repo.local="$m2" \
		-Ddevmap.version="$version" package dependency:build-classpath \
		-Dmdep.outputFile="$work/classpath.txt"
	local mp jdk
	mp="$work/target/classes:$(cat "$work/classpath.txt" 2>/dev/null)"
	for jdk in "$(java_home java)" ${DEVMAP_TEST_JDKS:-/usr/lib/jvm/temurin-*}; do
		[ -x "$jdk/bin/java" ] || continue
		consumer "$jdk" "$mp"
	done
	hidden "$(cat "$work/classpath.txt" 2>/dev/null)"
	echo "1..$n"
	echo "# $n checks, $failed failed"
	[ "$failed" = 0 ]
}

# The home of the JDK that a java command belongs to.
java_home() {
	local bin
	bin=$(readlink -f "$(command -v "$1")")
	echo "${bin%/bin/java}"
}

# consumer JDK MODULE-PATH: the project runs with the quick start's flag,
# prints its line and nothing on stderr; on JDK 24+ the same run without
# the flag warns, which shows that the stderr check can fail.
consumer() {
	local jdk=$1 mp=$2 out err major
	major=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
		sed -n 's/^ *java.specification.version = //p')
	out=$("$jdk/bin/java" --enable-native-access=org.devmap,com.sun.jna -p "$mp" \
		-m org.devmap.consumer/org.devmap.consumer.Consumer 2>"$work/stderr")
	err=$(cat "$work/stderr")
	is "JDK $major: it runs on the module path with JNA from the POM (stdout: $out)" \
		"$out" "ok module=org.devmap sync=ENOTTY"
	is "JDK $major: nothing on stderr with --enable-native-access=org.devmap,com.sun.jna" "$err" ""
	if [ "${major:-0}" -ge 22 ]; then
		# The sync through java.lang.foreign, required: the flag enables
		# native access for org.devmap on the module path.
		out=$("$jdk/bin/java" --enable-native-access=org.devmap,com.sun.jna \
			-Ddevmap.calls=ffm -p "$mp" \
			-m org.devmap.consumer/org.devmap.consumer.Consumer 2>&1)
		is "JDK $major: the module's DMA sync is a java.lang.foreign call" \
			"$out" "ok module=org.devmap sync=ENOTTY"
		out=$("$jdk/bin/java" --enable-native-access=com.sun.jna \
			-Ddevmap.calls=ffm -p "$mp" \
			-m org.devmap.consumer/org.devmap.consumer.Consumer 2>&1)
		is "JDK $major: without native access for org.devmap, -Ddevmap.calls=ffm says why" \
			"$(echo "$out" | grep -c 'devmap.calls=ffm, but native access is not enabled for org.devmap')" 1
	fi
	if [ "${major:-0}" -ge 24 ]; then
		"$jdk/bin/java" -p "$mp" -m org.devmap.consumer/org.devmap.consumer.Consumer \
			>/dev/null 2>"$work/stderr"
		is "JDK $major: without the flag JNA's native access is warned about on stderr" \
			"$(grep -c 'WARNING: .*restricted method' "$work/stderr")" 1
	fi
}

# pom FILE: what a published POM needs.
pom() {
	local tag missing=
	for tag in name description url licenses developers scm; do
		grep -q "<$tag>" "$1" || missing="$missing $tag"
	done
	is "the POM has name, description, url, licenses, developers and scm" "${missing:-none}" none
	is "the POM's placeholders are all filled" "$(grep -c '@[a-z.]*@' "$1")" 0
}

is() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf 'got:  %s\nwant: %s\n' "$2" "$3" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# step DESCRIPTION COMMAND...: one TAP line; output only on failure.
step() {
	local what=$1 log
	shift
	n=$((n + 1))
	if log=$("$@" 2>&1); then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		printf '%s\n' "$log" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# The module does not export org.devmap.internal: a module that imports
# its LibC must not compile.
hidden() {
	local mp=$1 src=$work/hidden
	mkdir -p "$src/bad"
	printf 'module bad { requires org.devmap; }\n' >"$src/module-info.java"
	printf 'package bad;\npublic class Bad { Object o = org.devmap.internal.LibC.INSTANCE; }\n' \
		>"$src/bad/Bad.java"
	local log compiled=0
	if log=$(javac -p "$mp" -d "$src/out" "$src/module-info.java" "$src/bad/Bad.java" 2>&1); then
		compiled=1
	fi
	n=$((n + 1))
	if [ "$compiled" = 1 ] || ! printf '%s' "$log" | grep -q "org.devmap.internal is not visible"; then
		echo "not ok $n - org.devmap.internal is not exported"
		printf '%s\n' "$log" | sed 's/^/# /'
		failed=$((failed + 1))
	else
		echo "ok $n - org.devmap.internal is not exported"
	fi
}

main "$@"
