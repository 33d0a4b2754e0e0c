################################################################################
#
# ant
#
################################################################################

# SPDX-License-Identifier: Apache-2.0

ANT_VERSION = 1.10.18
ANT_SITE = https://repo1.maven.org/maven2/org/apache/ant/ant/$(ANT_VERSION)
ANT_SOURCE = ant-$(ANT_VERSION).jar
ANT_MAVEN = https://repo1.maven.org/maven2
ANT_JUNIT_VERSION = 4.13.2
ANT_HAMCREST_VERSION = 1.3
ANT_EXTRA_DOWNLOADS = \
	$(ANT_MAVEN)/org/apache/ant/ant-launcher/$(ANT_VERSION)/ant-launcher-$(ANT_VERSION).jar \
	$(ANT_MAVEN)/org/apache/ant/ant-junit/$(ANT_VERSION)/ant-junit-$(ANT_VERSION).jar \
	$(ANT_MAVEN)/org/apache/ant/ant-junit4/$(ANT_VERSION)/ant-junit4-$(ANT_VERSION).jar \
	$(ANT_MAVEN)/junit/junit/$(ANT_JUNIT_VERSION)/junit-$(ANT_JUNIT_VERSION).jar \
	$(ANT_MAVEN)/org/hamcrest/hamcrest-core/$(ANT_HAMCREST_VERSION)/hamcrest-core-$(ANT_HAMCREST_VERSION).jar
HOST_ANT_EXTRA_DOWNLOADS = $(ANT_EXTRA_DOWNLOADS)
ANT_LICENSE = Apache-2.0 (ant), EPL-1.0 (junit), BSD-3-Clause (hamcrest-core)
ANT_LICENSE_FILES = META-INF/LICENSE.txt META-INF/NOTICE.txt \
	LICENSE-junit.txt hamcrest/LICENSE.txt

# ant-junit4 is what lets the <junit> task run JUnit 4 test classes:
# without it every class fails with "No tests found".
# Jars are installed whole, under the names Ant's lib directory and the
# build files of the tree use; the license files are taken out of them.
define ANT_EXTRACT_CMDS
	mkdir -p $(@D)/lib
	cp $(ANT_DL_DIR)/ant-$(ANT_VERSION).jar $(@D)/lib/ant.jar
	cp $(ANT_DL_DIR)/ant-launcher-$(ANT_VERSION).jar $(@D)/lib/ant-launcher.jar
	cp $(ANT_DL_DIR)/ant-junit-$(ANT_VERSION).jar $(@D)/lib/ant-junit.jar
	cp $(ANT_DL_DIR)/ant-junit4-$(ANT_VERSION).jar $(@D)/lib/ant-junit4.jar
	cp $(ANT_DL_DIR)/junit-$(ANT_JUNIT_VERSION).jar $(@D)/lib/junit.jar
	cp $(ANT_DL_DIR)/hamcrest-core-$(ANT_HAMCREST_VERSION).jar \
		$(@D)/lib/hamcrest-core.jar
	cd $(@D) && $(UNZIP) -o lib/ant.jar META-INF/LICENSE.txt META-INF/NOTICE.txt
	cd $(@D) && $(UNZIP) -o lib/junit.jar LICENSE-junit.txt
	cd $(@D) && $(UNZIP) -o lib/hamcrest-core.jar LICENSE.txt -d hamcrest
endef
HOST_ANT_EXTRACT_CMDS = $(ANT_EXTRACT_CMDS)

# $(1): destination prefix (HOST_DIR, or TARGET_DIR/usr)
define ANT_INSTALL_TREE
	mkdir -p $(1)/share/ant/lib
	$(INSTALL) -m 0644 $(@D)/lib/*.jar $(1)/share/ant/lib/
	$(INSTALL) -D -m 0755 $(ANT_PKGDIR)/ant $(1)/bin/ant
endef

define HOST_ANT_INSTALL_CMDS
	$(call ANT_INSTALL_TREE,$(HOST_DIR))
endef

define ANT_INSTALL_TARGET_CMDS
	$(call ANT_INSTALL_TREE,$(TARGET_DIR)/usr)
endef

$(eval $(generic-package))
$(eval $(host-generic-package))
