################################################################################
#
# jna
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

JNA_VERSION = 5.17.0
JNA_SITE = https://repo1.maven.org/maven2/net/java/dev/jna/jna/$(JNA_VERSION)
JNA_SOURCE = jna-$(JNA_VERSION).jar
JNA_LICENSE = Apache-2.0 or LGPL-2.1+
JNA_LICENSE_FILES = META-INF/LICENSE META-INF/AL2.0 META-INF/LGPL2.1

# Directory of the jar that holds this target's libjnidispatch.so
ifeq ($(BR2_aarch64),y)
JNA_PLATFORM = linux-aarch64
else ifeq ($(BR2_arm)$(BR2_ARM_EABIHF),yy)
JNA_PLATFORM = linux-arm
else ifeq ($(BR2_arm),y)
JNA_PLATFORM = linux-armel
else ifeq ($(BR2_i386),y)
JNA_PLATFORM = linux-x86
else ifeq ($(BR2_x86_64),y)
JNA_PLATFORM = linux-x86-64
else ifeq ($(BR2_powerpc),y)
JNA_PLATFORM = linux-ppc
else ifeq ($(BR2_powerpc64le),y)
JNA_PLATFORM = linux-ppc64le
else ifeq ($(BR2_mips64el),y)
JNA_PLATFORM = linux-mips64el
else ifeq ($(BR2_RISCV_64),y)
JNA_PLATFORM = linux-riscv64
else ifeq ($(BR2_s390x),y)
JNA_PLATFORM = linux-s390x
else ifeq ($(BR2_loongarch64),y)
JNA_PLATFORM = linux-loongarch64
endif

# The jar is not an archive to unpack: keep it whole, and take out the
# license files only.
define JNA_EXTRACT_CMDS
	cp $(JNA_DL_DIR)/$(JNA_SOURCE) $(@D)/jna.jar
	cd $(@D) && $(UNZIP) -o jna.jar $(JNA_LICENSE_FILES)
endef
HOST_JNA_EXTRACT_CMDS = $(JNA_EXTRACT_CMDS)

define JNA_BUILD_CMDS
	cd $(@D) && $(UNZIP) -o jna.jar \
		com/sun/jna/$(JNA_PLATFORM)/libjnidispatch.so
endef

define JNA_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0644 $(@D)/jna.jar $(TARGET_DIR)/usr/share/java/jna.jar
	$(INSTALL) -D -m 0755 $(@D)/com/sun/jna/$(JNA_PLATFORM)/libjnidispatch.so \
		$(TARGET_DIR)/usr/lib/libjnidispatch.so
endef

# host-jna only provides the jar to compile Java packages against
define HOST_JNA_INSTALL_CMDS
	$(INSTALL) -D -m 0644 $(@D)/jna.jar $(HOST_DIR)/share/java/jna.jar
endef

$(eval $(generic-package))
$(eval $(host-generic-package))
