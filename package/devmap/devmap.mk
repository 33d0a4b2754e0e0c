################################################################################
#
# devmap
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

# The project version (java-lib/version.properties, checked by
# java-lib/scripts/check-version.sh); a local package needs one for
# legal-info to save its license file.
DEVMAP_VERSION = 0.3.0
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

# The window options as the driver parses them (driver/devmap_range.c),
# with its range check at the smallest page size (4K), entry by entry:
# the error names the entry and its bad part as the driver's log does.
# tests/window-specs.tsv holds the rows that this check, the driver and
# meta-devmap's agree on. $(call DEVMAP_SPEC_ERROR,PARAMETER,VALUE), for
# devmap_windows, devmap_buffers or devmap_buffer_size, is empty when the
# driver takes VALUE, else its complaint (the program prints "ok" or the
# complaint: no output at all is a failure too). awk numbers are doubles:
# a 64-bit value is kept as two 32-bit halves (H, L). $(shell) joins the
# lines of the program, hence a ';' after each statement.
define DEVMAP_SPEC_AWK
	function num(s, base, shift, i, d) {
		shift = 0;
		d = substr(s, length(s), 1);
		if (d == "K" || d == "k") shift = 10;
		if (d == "M" || d == "m") shift = 20;
		if (d == "G" || d == "g") shift = 30;
		if (shift) s = substr(s, 1, length(s) - 1);
		base = 10;
		i = 1;
		if (length(s) > 2 && s ~ /^0[xX]/) { base = 16; i = 3; }
		if (i > length(s)) return 0;
		H = 0;
		L = 0;
		for (; i <= length(s); i++) {
			d = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1;
			if (d < 0 || d >= base) return 0;
			L = L * base + d;
			H = H * base + int(L / W);
			L = L % W;
			if (H >= W) return 0;
		}
		for (; shift > 0; shift--) {
			L = L * 2;
			H = H * 2 + int(L / W);
			L = L % W;
			if (H >= W) return 0;
		}
		return 1;
	}
	function fail(what) {
		printf "%s entry %s%s%s: %s", param, q, e, q, what;
		exit;
	}
	function bad(what, at, hint) {
		fail("bad " what " " q at q hint);
	}
	function name(s) {
		if (length(s) > 31 || s !~ /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$$/)
			bad("name", s, " (1 to 31 of A-Z a-z 0-9 _ - and ., not starting with .)");
	}
	function number(what, s) {
		if (!num(s)) bad(what, s, NUMBER);
	}
	function window(n, f) {
		n = split(e, f, ":");
		if (n > 5) fail("too many fields");
		if (n < 3) fail("expected name:base:size[:mode[:shared]]");
		name(f[1]);
		number("base", f[2]);
		BH = H;
		BL = L;
		number("size", f[3]);
		if (n >= 4 && f[4] !~ /^(uncached|wc|cached)$$/) bad("mode (uncached, wc or cached)", f[4]);
		if (n == 5 && f[5] != "shared") bad("flag (only shared)", f[5]);
		if ((H == 0 && L == 0) || BL % 4096 || L % 4096)
			fail("base and size must be non-zero multiples of 4K (the smallest page)");
		if (L == 0) { H--; L = W; }
		L = BL + L - 1;
		if (BH + H + int(L / W) >= W) fail("wraps around the 64-bit address space");
	}
	function buffer(n, f) {
		n = split(e, f, ":");
		if (n > 3) fail("too many fields");
		if (n < 2) fail("expected name:size[:mode]");
		name(f[1]);
		number("size", f[2]);
		if (n == 3 && f[3] !~ /^(uncached|wc|cached)$$/) bad("mode (uncached, wc or cached)", f[3]);
		if ((H == 0 && L == 0) || L % 4096)
			fail("size must be a non-zero multiple of 4K (the smallest page)");
	}
	BEGIN {
		W = 4294967296;
		q = "\047";
		NUMBER = " (decimal or 0x, K, M or G suffix, below 2^64)";
		v = ENVIRON["DEVMAP_VALUE"];
		if (param == "devmap_buffer_size") {
			if (!num(v)) printf "%s %s%s%s is not a size%s", param, q, v, q, NUMBER;
			if (num(v) && L % 4096) printf "%s %s%s%s must be a multiple of 4K (the smallest page)", param, q, v, q;
			if (num(v) && L % 4096 == 0) print "ok";
			exit;
		}
		n = split(v, list, ",");
		for (i = 1; i <= n; i++) {
			e = list[i];
			if (e == "") continue;
			if (param == "devmap_windows") window(); else buffer();
		}
		print "ok";
	}
endef

DEVMAP_SPEC_ERROR = $(call DEVMAP_SPEC_VERDICT,$(shell \
	DEVMAP_VALUE='$(subst ','\'',$(2))' awk -v param=$(1) '$(DEVMAP_SPEC_AWK)' </dev/null))
DEVMAP_SPEC_VERDICT = $(if $(filter ok,$(firstword $(1))),,$(or $(1),cannot be checked (awk failed)))

# $(call DEVMAP_CHECK_SPEC,OPTION,PARAMETER,VALUE): stop if VALUE, from
# the option, is bad for the parameter
DEVMAP_CHECK_SPEC = $(if $(call DEVMAP_SPEC_ERROR,$(2),$(3)),$(error \
	$(1)="$(call qstrip,$($(1)))": $(call DEVMAP_SPEC_ERROR,$(2),$(3))))

ifneq ($(DEVMAP_WINDOWS),)
$(call DEVMAP_CHECK_SPEC,BR2_PACKAGE_DEVMAP_WINDOWS,devmap_windows,$(DEVMAP_WINDOWS))
endif
$(call DEVMAP_CHECK_SPEC,BR2_PACKAGE_DEVMAP_BUFFER_SIZE,devmap_buffer_size,$(DEVMAP_BUFFER_SIZE))

# The same parameters among the extra options
$(foreach o,$(DEVMAP_EXTRA_OPTIONS),$(foreach p,devmap_windows devmap_buffers devmap_buffer_size, \
	$(if $(filter $(p)=%,$(o)), \
		$(call DEVMAP_CHECK_SPEC,BR2_PACKAGE_DEVMAP_EXTRA_OPTIONS,$(p),$(patsubst $(p)=%,%,$(o))))))

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
