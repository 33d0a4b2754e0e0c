# SPDX-License-Identifier: Apache-2.0
SUMMARY = "Example image: core-image-minimal with devmap, its Java library and self-test"
DESCRIPTION = "Boots with devmap.ko loaded (KERNEL_MODULE_AUTOLOAD), /dev/map \
owned by the devmap group, JNA, the devmap command and devmap-selftest. \
The Java runtime comes from meta-openjdk-temurin when it is in bblayers.conf \
(or from the java2-runtime provider of your layers)."
LICENSE = "MIT"

require recipes-core/images/core-image-minimal.bb

IMAGE_INSTALL += "packagegroup-devmap packagegroup-devmap-java packagegroup-devmap-tests"
