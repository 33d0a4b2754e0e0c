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

OPENJDK_JRE_BIN_SITE = https://github.com/adoptium/temurin$(OPENJDK_JRE_BIN_VERSION_MAJOR)-binaries/releases/download/jdk-$(subst _,%2B,$(OPENJDK_JRE_BIN_VERSION))
OPENJDK_JRE_BIN_SOURCE = OpenJDK$(OPENJDK_JRE_BIN_VERSION_MAJOR)U-jre_$(OPENJDK_JRE_BIN_ARCH)_linux_hotspot_$(OPENJDK_JRE_BIN_VERSION).tar.gz
OPENJDK_JRE_BIN_LICENSE = GPL-2.0 with Classpath exception
OPENJDK_JRE_BIN_LICENSE_FILES = legal/java.prefs/LICENSE legal/java.prefs/ASSEMBLY_EXCEPTION

# Same place as Buildroot's openjdk package: /usr/lib/jvm is JAVA_HOME.
# A source tree that already has the target layout (usr/lib/jvm/...,
# usr/bin/java, as made by a <pkg>_OVERRIDE_SRCDIR runtime from a
# distribution) is copied as it is.
define OPENJDK_JRE_BIN_INSTALL_TARGET_CMDS
	if [ -d $(@D)/usr/lib/jvm ]; then \
		cp -dpfr $(@D)/usr/. $(TARGET_DIR)/usr/ ; \
	else \
		mkdir -p $(TARGET_DIR)/usr/lib/jvm $(TARGET_DIR)/usr/bin && \
		cp -dpfr $(@D)/bin $(@D)/conf $(@D)/lib $(@D)/legal $(@D)/release \
			$(TARGET_DIR)/usr/lib/jvm/ && \
		ln -sf ../lib/jvm/bin/java $(TARGET_DIR)/usr/bin/java ; \
	fi
endef

$(eval $(generic-package))
