# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap: the driver and the /dev/map rule with its group"
DESCRIPTION = "kernel-module-devmap and the rule that gives /dev/map its \
group and mode (devmap-node, which creates the group; devmap-node-mdev on \
images with busybox mdev). The Java library and CLI are in \
packagegroup-devmap-java, the on-board JUnit suite in packagegroup-devmap-tests."

# The node rule follows the image's /dev manager.
PACKAGE_ARCH = "${MACHINE_ARCH}"

inherit packagegroup

DEVMAP_NODE_RULE = "${@'devmap-node-mdev' if d.getVar('VIRTUAL-RUNTIME_dev_manager') == 'busybox-mdev' else 'devmap-node'}"

RDEPENDS:${PN} = " \
    kernel-module-devmap \
    ${DEVMAP_NODE_RULE} \
"
