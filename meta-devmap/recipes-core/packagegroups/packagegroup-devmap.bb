# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap: the driver, the /dev/map rule, JNA, the Java library, CLI and self-test"

# The node rule follows the image's /dev manager.
PACKAGE_ARCH = "${MACHINE_ARCH}"

inherit packagegroup

DEVMAP_NODE_RULE = "${@'devmap-node-mdev' if d.getVar('VIRTUAL-RUNTIME_dev_manager') == 'busybox-mdev' else 'devmap-node'}"

RDEPENDS:${PN} = " \
    kernel-module-devmap \
    ${DEVMAP_NODE_RULE} \
    jna \
    devmap-java \
    devmap-java-selftest \
"
