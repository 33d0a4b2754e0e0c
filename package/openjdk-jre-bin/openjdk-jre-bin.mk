################################################################################
#
# openjdk-jre-bin
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

OPENJDK_JRE_BIN_VERSION_MAJOR = 21
OPENJDK_JRE_BIN_VERSION = 21.0.10_7

ifeq ($(BR2_aarch64),y)
OPENJDK_JRE_BIN_ARCH = aarch64
else ifeq ($(BR2_x86_64),y)
OPENJDK_JRE_BIN_ARCH = x64
endif

# The JRE, or the JDK whose jmods jlink links from
ifeq ($(BR2_PACKAGE_OPENJDK_JRE_BIN_JRE),y)
OPENJDK_JRE_BIN_KIND = jre
else
OPENJDK_JRE_BIN_KIND = jdk
endif

OPENJDK_JRE_BIN_SITE = https://github.com/adoptium/temurin$(OPENJDK_JRE_BIN_VERSION_MAJOR)-binaries/releases/download/jdk-$(subst _,%2B,$(OPENJDK_JRE_BIN_VERSION))
OPENJDK_JRE_BIN_SOURCE = OpenJDK$(OPENJDK_JRE_BIN_VERSION_MAJOR)U-$(OPENJDK_JRE_BIN_KIND)_$(OPENJDK_JRE_BIN_ARCH)_linux_hotspot_$(OPENJDK_JRE_BIN_VERSION).tar.gz
OPENJDK_JRE_BIN_LICENSE = GPL-2.0 with Classpath exception
OPENJDK_JRE_BIN_LICENSE_FILES = legal/java.prefs/LICENSE legal/java.prefs/ASSEMBLY_EXCEPTION

# The runtime's home in the source: a Temurin archive is one, a tree with
# the target layout (usr/lib/jvm/<name>, usr/bin/java, as made by a
# <pkg>_OVERRIDE_SRCDIR runtime from a distribution) has it under
# usr/lib/jvm. Shell, for recipes.
OPENJDK_JRE_BIN_HOME = $$(find $(@D)/usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n 1 | grep . || echo $(@D))

# Libraries that a distribution's runtime takes from the distribution
# (e.g. Debian's libz), next to its usr/lib/jvm
define OPENJDK_JRE_BIN_INSTALL_DISTRIBUTION_LIBS
	if [ -d $(@D)/usr/lib ]; then \
		find $(@D)/usr/lib -maxdepth 1 -name 'lib*.so*' \
			-exec cp -dpf {} $(TARGET_DIR)/usr/lib/ \; ; \
	fi
endef

ifeq ($(BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK),y)

OPENJDK_JRE_BIN_MODULES = $(call qstrip,$(BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK_MODULES))
ifeq ($(shell printf '%s\n' '$(OPENJDK_JRE_BIN_MODULES)' | grep -Ex '[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(,[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*)*'),)
$(error BR2_PACKAGE_OPENJDK_JRE_BIN_JLINK_MODULES="$(OPENJDK_JRE_BIN_MODULES)" is not a comma separated list of module names, e.g. java.base,java.logging)
endif

# jlink links only jmods of its own version: the host's JDK is the
# Temurin JDK of the same release (the target's own when the host has
# the target's architecture). A source tree that brings host-jdk/ (an
# override) has it already.
ifeq ($(HOSTARCH),x86_64)
OPENJDK_JRE_BIN_HOST_ARCH = x64
else
OPENJDK_JRE_BIN_HOST_ARCH = $(HOSTARCH)
endif
ifneq ($(OPENJDK_JRE_BIN_HOST_ARCH),$(OPENJDK_JRE_BIN_ARCH))
OPENJDK_JRE_BIN_HOST_JDK_SOURCE = OpenJDK$(OPENJDK_JRE_BIN_VERSION_MAJOR)U-jdk_$(OPENJDK_JRE_BIN_HOST_ARCH)_linux_hotspot_$(OPENJDK_JRE_BIN_VERSION).tar.gz
OPENJDK_JRE_BIN_EXTRA_DOWNLOADS = $(OPENJDK_JRE_BIN_HOST_JDK_SOURCE)
define OPENJDK_JRE_BIN_EXTRACT_HOST_JDK
	mkdir -p $(@D)/host-jdk
	$(call suitable-extractor,$(OPENJDK_JRE_BIN_HOST_JDK_SOURCE)) \
		$(OPENJDK_JRE_BIN_DL_DIR)/$(OPENJDK_JRE_BIN_HOST_JDK_SOURCE) | \
		$(TAR) --strip-components=1 -C $(@D)/host-jdk $(TAR_OPTIONS) -
endef
OPENJDK_JRE_BIN_POST_EXTRACT_HOOKS += OPENJDK_JRE_BIN_EXTRACT_HOST_JDK
endif

# The class-data archive is written by the target's java, run by QEMU
# in user mode on the target directory
OPENJDK_JRE_BIN_DEPENDENCIES += host-qemu

# --strip-debug, with the target's objcopy for the native libraries
# (the host's cannot read them); compressed resources make the runtime
# smaller, and the classes the JVM starts with come from the CDS
# archive, not from the compressed image.
define OPENJDK_JRE_BIN_BUILD_CMDS
	rm -rf $(@D)/jlinked
	home=$(OPENJDK_JRE_BIN_HOME); \
	jlink=$(@D)/host-jdk/bin/jlink; \
	[ -x $$jlink ] || jlink=$$home/bin/jlink; \
	$$jlink --module-path $$home/jmods \
		--add-modules $(OPENJDK_JRE_BIN_MODULES) \
		--strip-java-debug-attributes \
		--strip-native-debug-symbols=objcopy=$(TARGET_OBJCOPY) \
		--no-header-files --no-man-pages --compress=2 \
		--output $(@D)/jlinked
endef

define OPENJDK_JRE_BIN_INSTALL_TARGET_CMDS
	rm -rf $(TARGET_DIR)/usr/lib/jvm
	mkdir -p $(TARGET_DIR)/usr/lib/jvm $(TARGET_DIR)/usr/bin
	cp -dpfr $(@D)/jlinked/. $(TARGET_DIR)/usr/lib/jvm/
	ln -sf ../lib/jvm/bin/java $(TARGET_DIR)/usr/bin/java
	$(OPENJDK_JRE_BIN_INSTALL_DISTRIBUTION_LIBS)
	$(HOST_DIR)/bin/qemu-$(HOST_QEMU_ARCH) \
		$(call qstrip,$(BR2_PACKAGE_HOST_QEMU_USER_MODE_ARGS)) \
		-L $(TARGET_DIR) $(TARGET_DIR)/usr/lib/jvm/bin/java -Xshare:dump
	test -s $(TARGET_DIR)/usr/lib/jvm/lib/server/classes.jsa
endef

else # full JRE or JDK

# Same place as Buildroot's openjdk package: /usr/lib/jvm is JAVA_HOME.
# A source tree that already has the target layout is copied as it is.
OPENJDK_JRE_BIN_TOOLS = java $(if $(BR2_PACKAGE_OPENJDK_JRE_BIN_JDK),javac jar jshell)

define OPENJDK_JRE_BIN_INSTALL_TARGET_CMDS
	mkdir -p $(TARGET_DIR)/usr/lib/jvm $(TARGET_DIR)/usr/bin
	if [ -d $(@D)/usr/lib/jvm ]; then \
		cp -dpfr $(@D)/usr/lib/jvm/. $(TARGET_DIR)/usr/lib/jvm/ && \
		home=$$(cd $(@D) && find usr/lib/jvm -mindepth 1 -maxdepth 1 -type d | head -n 1) && \
		for t in $(OPENJDK_JRE_BIN_TOOLS); do \
			ln -sf ../../$$home/bin/$$t $(TARGET_DIR)/usr/bin/$$t || exit 1 ; \
		done ; \
	else \
		cp -dpfr $(@D)/bin $(@D)/conf $(@D)/lib $(@D)/legal $(@D)/release \
			$(TARGET_DIR)/usr/lib/jvm/ && \
		for t in $(OPENJDK_JRE_BIN_TOOLS); do \
			ln -sf ../lib/jvm/bin/$$t $(TARGET_DIR)/usr/bin/$$t || exit 1 ; \
		done ; \
	fi
	$(OPENJDK_JRE_BIN_INSTALL_DISTRIBUTION_LIBS)
endef

endif

$(eval $(generic-package))
