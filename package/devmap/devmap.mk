################################################################################
#
# devmap
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

# The project version (java-lib/version.properties, checked by
# java-lib/scripts/check-version.sh); a local package needs one for
# legal-info to save its license file.
DEVMAP_VERSION = 0.2.0
DEVMAP_SITE = $(BR2_EXTERNAL_DEVMAP_PATH)/driver
DEVMAP_SITE_METHOD = local
DEVMAP_LICENSE = GPL-2.0-only
DEVMAP_LICENSE_FILES = COPYING
# Leave out what a developer's build in driver/ leaves behind
DEVMAP_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = \
	--exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude=Module.symvers \
	--exclude=modules.order --exclude=tests

# The driver needs nothing from the kernel but CONFIG_MODULES, which
# the kernel-module infrastructure enables, and CONFIG_OF for device
# tree windows, which every DT board already has; so there are no
# DEVMAP_LINUX_CONFIG_FIXUPS.

# Major number the driver registers with devmap_major=126, for a
# static /dev (makedevs cannot follow a dynamic misc minor).
DEVMAP_STATIC_MAJOR = 126

DEVMAP_WINDOWS = $(call qstrip,$(BR2_PACKAGE_DEVMAP_WINDOWS))
DEVMAP_BUFFER_SIZE = $(call qstrip,$(BR2_PACKAGE_DEVMAP_BUFFER_SIZE))
DEVMAP_GROUP = $(call qstrip,$(BR2_PACKAGE_DEVMAP_GROUP))
DEVMAP_MODE = $(call qstrip,$(BR2_PACKAGE_DEVMAP_MODE))
DEVMAP_EXTRA_OPTIONS = $(call qstrip,$(BR2_PACKAGE_DEVMAP_EXTRA_OPTIONS))

# Check the configuration values here, so that a typo fails the build
# with a message instead of a module that refuses to load on the board.
ifeq ($(BR2_PACKAGE_DEVMAP),y)

ifeq ($(shell printf '%s\n' '$(DEVMAP_MODE)' | grep -Ex '[0-7]{3,4}'),)
$(error BR2_PACKAGE_DEVMAP_MODE="$(DEVMAP_MODE)" is not a mode of 3 or 4 octal digits, e.g. 0660)
endif

ifeq ($(shell printf '%s\n' '$(DEVMAP_GROUP)' | grep -Ex '[a-z_][a-z0-9_-]{0,31}'),)
$(error BR2_PACKAGE_DEVMAP_GROUP="$(DEVMAP_GROUP)" is not a valid group name ([a-z_][a-z0-9_-]*, at most 32 characters))
endif

DEVMAP_SIZE_RE = (0x[0-9a-fA-F]+|[0-9]+)[KMG]?
DEVMAP_WINDOW_RE = [A-Za-z0-9_.-]+:$(DEVMAP_SIZE_RE):$(DEVMAP_SIZE_RE)(:(uncached|wc|cached)(:shared)?)?
ifneq ($(DEVMAP_WINDOWS),)
ifeq ($(shell printf '%s\n' '$(DEVMAP_WINDOWS)' | grep -Ex '$(DEVMAP_WINDOW_RE)(,$(DEVMAP_WINDOW_RE))*'),)
$(error BR2_PACKAGE_DEVMAP_WINDOWS="$(DEVMAP_WINDOWS)" is not a list of name:base:size[:uncached|wc|cached[:shared]] entries separated by commas)
endif
endif

ifeq ($(shell printf '%s\n' '$(DEVMAP_BUFFER_SIZE)' | grep -Ex '$(DEVMAP_SIZE_RE)'),)
$(error BR2_PACKAGE_DEVMAP_BUFFER_SIZE="$(DEVMAP_BUFFER_SIZE)" is not a size such as 0, 4096, 0x100000 or 1M)
endif

endif # BR2_PACKAGE_DEVMAP

# The module reads its mode as a C number: a leading 0 makes it octal
# whether or not the configured mode has one.
DEVMAP_MODULE_OPTIONS = \
	$(if $(DEVMAP_WINDOWS),devmap_windows=$(DEVMAP_WINDOWS)) \
	devmap_buffer_size=$(DEVMAP_BUFFER_SIZE) \
	devmap_mode=0$(DEVMAP_MODE) \
	$(if $(BR2_ROOTFS_DEVICE_CREATION_STATIC),devmap_major=$(DEVMAP_STATIC_MAJOR)) \
	$(DEVMAP_EXTRA_OPTIONS)

ifneq ($(DEVMAP_GROUP),root)
define DEVMAP_USERS
	- - $(DEVMAP_GROUP) -1 * - - - devmap device group
endef
endif

define DEVMAP_INSTALL_MODPROBE_CONF
	mkdir -p $(TARGET_DIR)/etc/modprobe.d
	echo 'options devmap $(strip $(DEVMAP_MODULE_OPTIONS))' \
		> $(TARGET_DIR)/etc/modprobe.d/devmap.conf
endef
DEVMAP_POST_INSTALL_TARGET_HOOKS += DEVMAP_INSTALL_MODPROBE_CONF

ifeq ($(BR2_PACKAGE_DEVMAP_AUTOLOAD),y)
define DEVMAP_INSTALL_AUTOLOAD
	mkdir -p $(TARGET_DIR)/etc/modules-load.d
	echo devmap > $(TARGET_DIR)/etc/modules-load.d/devmap.conf
endef
DEVMAP_POST_INSTALL_TARGET_HOOKS += DEVMAP_INSTALL_AUTOLOAD
endif

# Static /dev: makedevs creates the node with the driver's fixed major.
ifeq ($(BR2_ROOTFS_DEVICE_CREATION_STATIC),y)
define DEVMAP_DEVICES
	/dev/map c $(DEVMAP_MODE) 0 $(DEVMAP_GROUP) $(DEVMAP_STATIC_MAJOR) 0 - - -
endef
endif

# mdev: busybox owns /etc/mdev.conf and may install it after us, so the
# rule is (re)written once the whole target is there, replacing any
# earlier "map" line so that it can run any number of times.
ifeq ($(BR2_ROOTFS_DEVICE_CREATION_DYNAMIC_MDEV),y)
define DEVMAP_MDEV_RULE
	touch $(TARGET_DIR)/etc/mdev.conf
	$(SED) '/^map[[:space:]]/d' $(TARGET_DIR)/etc/mdev.conf
	printf 'map\t\troot:%s %s\n' '$(DEVMAP_GROUP)' '$(DEVMAP_MODE)' \
		>> $(TARGET_DIR)/etc/mdev.conf
endef
DEVMAP_TARGET_FINALIZE_HOOKS += DEVMAP_MDEV_RULE
endif

# eudev or systemd-udevd
ifeq ($(BR2_PACKAGE_HAS_UDEV),y)
define DEVMAP_INSTALL_UDEV_RULE
	mkdir -p $(TARGET_DIR)/lib/udev/rules.d
	printf 'KERNEL=="map", SUBSYSTEM=="misc", GROUP="%s", MODE="%s"\n' \
		'$(DEVMAP_GROUP)' '$(DEVMAP_MODE)' \
		> $(TARGET_DIR)/lib/udev/rules.d/60-devmap.rules
endef
DEVMAP_POST_INSTALL_TARGET_HOOKS += DEVMAP_INSTALL_UDEV_RULE
endif

$(eval $(kernel-module))
$(eval $(generic-package))
