# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Java Native Access: libjnidispatch.so for this target"
DESCRIPTION = "The native library of JNA for this target, taken out of \
the Maven Central jar at build time and installed in ${libdir}, so that \
JNA unpacks nothing at run time (root file systems are often read-only or \
noexec); run with -Djna.boot.library.path=${libdir} -Djna.nounpack=true."
HOMEPAGE = "https://github.com/java-native-access/jna"
LICENSE = "Apache-2.0 | LGPL-2.1-or-later"
LIC_FILES_CHKSUM = " \
    file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10 \
    file://${COMMON_LICENSE_DIR}/LGPL-2.1-or-later;md5=2a4f4fd2128ea2f65047ee63fbca9f68 \
"

SRC_URI = "https://repo1.maven.org/maven2/net/java/dev/jna/jna/${PV}/jna-${PV}.jar;unpack=0"
SRC_URI[sha256sum] = "b3a9408e7c51e08ef0e3bfcc08f443f6ec0f6191ba8cd7c18d53d2b22e5bdbc0"

S = "${DEVMAP_UNPACKDIR}"

inherit devmap-options

# The library links against glibc, whose packaging data gives its run-time
# dependency: the default dependencies (the target's libc) stay.
DEPENDS = "unzip-native"

# The jar's Linux libraries are built for glibc, one per architecture and
# ABI. COMPATIBLE_HOST is matched from its start (re.match): the whole
# HOST_SYS is spelt out, so that musl (-linux-musl), x32 (-linux-gnux32),
# MIPS n32, PowerPC SPE, big-endian arm64 (aarch64_be) or arm (armeb)
# are refused. arm is -linux-gnueabi with either float ABI.
COMPATIBLE_HOST = "^((aarch64|i[3-6]86|x86_64|powerpc|powerpc64le|riscv64|mips64el|loongarch64)(-[^-]+)?-linux|arm(-[^-]+)?-linux-gnueabi)$"

# Folder of the jar that holds this target's library
JNA_PLATFORM = "${@jna_platform(d)}"
def jna_platform(d):
    arch = d.getVar('TARGET_ARCH')
    if arch == 'arm':
        hard = 'callconvention-hard' in (d.getVar('TUNE_FEATURES') or '').split()
        return 'linux-arm' if hard else 'linux-armel'
    names = {'aarch64': 'linux-aarch64', 'x86_64': 'linux-x86-64',
             'powerpc': 'linux-ppc', 'powerpc64le': 'linux-ppc64le',
             'riscv64': 'linux-riscv64', 'mips64el': 'linux-mips64el',
             'loongarch64': 'linux-loongarch64'}
    if arch in ('i386', 'i486', 'i586', 'i686'):
        return 'linux-x86'
    return names.get(arch, 'unsupported-' + arch)

do_configure[noexec] = "1"

do_compile() {
	rm -rf ${B}/com
	unzip -q -o ${S}/jna-${PV}.jar com/sun/jna/${JNA_PLATFORM}/libjnidispatch.so -d ${B}
}

do_install() {
	install -D -m 0755 ${B}/com/sun/jna/${JNA_PLATFORM}/libjnidispatch.so \
		${D}${libdir}/libjnidispatch.so
}

# libjnidispatch.so is a JNI library that nothing links to: no -dev split.
FILES_SOLIBSDEV = ""
FILES:${PN} = "${libdir}/libjnidispatch.so"
# Prebuilt upstream, without our LDFLAGS
INSANE_SKIP:${PN} += "ldflags already-stripped"
