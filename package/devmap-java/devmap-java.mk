################################################################################
#
# devmap-java
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

# The project version (java-lib/version.properties, checked by
# java-lib/scripts/check-version.sh); a local package needs one for
# legal-info to save its license file.
DEVMAP_JAVA_VERSION = 0.3.0
DEVMAP_JAVA_SITE = $(BR2_EXTERNAL_DEVMAP_PATH)/java-lib
DEVMAP_JAVA_SITE_METHOD = local
DEVMAP_JAVA_LICENSE = Apache-2.0
DEVMAP_JAVA_LICENSE_FILES = LICENSE
# Leave out what a developer's build in java-lib/ leaves behind
DEVMAP_JAVA_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = --exclude=build --exclude=lib
DEVMAP_JAVA_DEPENDENCIES = host-ant host-jna host-openjdk-bin jna

# All jars come from host packages: Ant downloads nothing.
DEVMAP_JAVA_ANT = \
	JAVA_HOME=$(HOST_OPENJDK_BIN_ROOT_DIR) \
	$(HOST_DIR)/bin/ant -nouserlib -noinput -f $(@D)/build.xml \
	-Djna.jar=$(HOST_DIR)/share/java/jna.jar \
	-Djunit.jar=$(HOST_DIR)/share/ant/lib/junit.jar \
	-Dhamcrest.jar=$(HOST_DIR)/share/ant/lib/hamcrest-core.jar

DEVMAP_JAVA_TARGETS = dist
ifeq ($(BR2_PACKAGE_DEVMAP_JAVA_TESTS),y)
DEVMAP_JAVA_TARGETS += test-jar
endif

define DEVMAP_JAVA_BUILD_CMDS
	$(DEVMAP_JAVA_ANT) $(DEVMAP_JAVA_TARGETS)
endef

define DEVMAP_JAVA_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0644 $(@D)/build/devmap.jar \
		$(TARGET_DIR)/usr/share/java/devmap.jar
	$(INSTALL) -D -m 0755 $(@D)/bin/devmap $(TARGET_DIR)/usr/bin/devmap
endef

# The runner reads the test classes from a list made here, so that
# the board needs no unzip.
ifeq ($(BR2_PACKAGE_DEVMAP_JAVA_TESTS),y)
define DEVMAP_JAVA_INSTALL_TESTS
	$(INSTALL) -D -m 0644 $(@D)/build/devmap-tests.jar \
		$(TARGET_DIR)/usr/share/java/devmap-tests.jar
	$(INSTALL) -m 0644 $(HOST_DIR)/share/ant/lib/junit.jar \
		$(HOST_DIR)/share/ant/lib/hamcrest-core.jar \
		$(TARGET_DIR)/usr/share/java/
	$(INSTALL) -D -m 0755 $(DEVMAP_JAVA_PKGDIR)/devmap-selftest \
		$(TARGET_DIR)/usr/bin/devmap-selftest
	mkdir -p $(TARGET_DIR)/usr/share/devmap
	unzip -Z1 $(@D)/build/devmap-tests.jar \
		| sed -n '/\$$/d; s,\.class$$,,p' | grep 'Test$$' | tr / . \
		> $(TARGET_DIR)/usr/share/devmap/selftest.classes
endef
DEVMAP_JAVA_POST_INSTALL_TARGET_HOOKS += DEVMAP_JAVA_INSTALL_TESTS
endif

# The sources as in the tree, without what a build leaves behind, and
# the script that builds and tests them with the board's Ant and JDK
ifeq ($(BR2_PACKAGE_DEVMAP_JAVA_SOURCES),y)
DEVMAP_JAVA_SOURCE_FILES = LICENSE README.md build.xml deps.properties \
	version.properties pom.xml.in bin scripts src test
define DEVMAP_JAVA_INSTALL_SOURCES
	rm -rf $(TARGET_DIR)/usr/share/devmap/java-lib
	mkdir -p $(TARGET_DIR)/usr/share/devmap/java-lib
	cd $(@D) && cp -dpr $(DEVMAP_JAVA_SOURCE_FILES) \
		$(TARGET_DIR)/usr/share/devmap/java-lib/
	$(INSTALL) -D -m 0755 $(DEVMAP_JAVA_PKGDIR)/devmap-build-test \
		$(TARGET_DIR)/usr/bin/devmap-build-test
endef
DEVMAP_JAVA_POST_INSTALL_TARGET_HOOKS += DEVMAP_JAVA_INSTALL_SOURCES
endif

$(eval $(generic-package))
