# SPDX-License-Identifier: Apache-2.0
#
# The JDK that compiles a Java recipe of this layer, and the Java runtime
# that its package needs on the target.
#
#   DEVMAP_BUILD_JAVA_HOME  a JDK of release DEVMAP_JAVA_RELEASE or later:
#                           with meta-openjdk-temurin in bblayers.conf,
#                           dynamic-layers/ sets its JDK for devmap-java;
#                           else a JDK of the build host named in local.conf
#                           (e.g. /usr/lib/jvm/java-17-openjdk-amd64)
#   DEVMAP_JRE              run-time dependency on the Java runtime: by
#                           default the virtual java2-runtime (pick its
#                           provider with PREFERRED_RPROVIDER_java2-runtime);
#                           dynamic-layers/ names Temurin's JRE
#   DEVMAP_TEMURIN_VERSION  with meta-openjdk-temurin: 17 (default) or 21;
#                           an older one stops parsing with an error
#
# Without a JDK (neither meta-openjdk-temurin nor DEVMAP_BUILD_JAVA_HOME)
# the recipe is skipped when parsed, saying why: it then stays out of
# world, and an image that wants it stops at once with that reason instead
# of failing in do_compile. The packagegroups of the Java packages inherit
# this class for the same reason.

DEVMAP_BUILD_JAVA_HOME ??= ""
DEVMAP_JRE ??= "java2-runtime"
# With meta-openjdk-temurin: the version of its JDK and JRE
DEVMAP_TEMURIN_VERSION ??= "17"
# javac.release of java-lib/build.xml: the oldest Java that runs the classes
DEVMAP_JAVA_RELEASE = "17"

python () {
    release = int(d.getVar('DEVMAP_JAVA_RELEASE'))
    temurin = 'meta-openjdk-temurin' in (d.getVar('BBFILE_COLLECTIONS') or '').split()
    if temurin:
        version = d.getVar('DEVMAP_TEMURIN_VERSION')
        if not version.isdigit() or int(version) < release:
            bb.fatal('DEVMAP_TEMURIN_VERSION="%s" is not a Temurin version of '
                     '%d or later (the classes are compiled for release %d)'
                     % (version, release, release))
    elif not d.getVar('DEVMAP_BUILD_JAVA_HOME'):
        raise bb.parse.SkipRecipe('it needs a JDK %d or later: add '
            'meta-openjdk-temurin to bblayers.conf, or set '
            'DEVMAP_BUILD_JAVA_HOME to a JDK folder of the build host in '
            'local.conf (docs/yocto.md, Java)' % release)
}

# In do_compile: the JDK is there and new enough (javac -version prints
# "javac 17.0.15"; 1.8 and older print "javac 1.8.0_...").
devmap_check_jdk() {
	javac=${DEVMAP_BUILD_JAVA_HOME}/bin/javac
	if [ ! -x "$javac" ]; then
		bbfatal "DEVMAP_BUILD_JAVA_HOME=\"${DEVMAP_BUILD_JAVA_HOME}\" has no bin/javac"
	fi
	version=$("$javac" -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p')
	if [ -z "$version" ] || [ "$version" -lt ${DEVMAP_JAVA_RELEASE} ]; then
		bbfatal "DEVMAP_BUILD_JAVA_HOME=\"${DEVMAP_BUILD_JAVA_HOME}\" is not a JDK ${DEVMAP_JAVA_RELEASE} or later: $("$javac" -version 2>&1)"
	fi
}
