# SPDX-License-Identifier: Apache-2.0
SUMMARY = "devmap.ko: physical memory windows through /dev/map"
DESCRIPTION = "Kernel driver that lets userspace mmap, read and write \
physical memory only inside configured windows (module parameters, device \
tree nodes compatible with devmap,window, a kernel buffer)."
LICENSE = "GPL-2.0-only"
LIC_FILES_CHKSUM = "file://COPYING;md5=b234ee4d69f5fce4486a80fdaf4a4263"

inherit module devmap-options

SRC_URI = "file://driver"
S = "${DEVMAP_UNPACKDIR}/driver"

# driver/Makefile names the kernel tree KDIR and has no install target:
# kbuild's own modules_install does it.
EXTRA_OEMAKE += "KDIR=${STAGING_KERNEL_DIR}"
MODULES_INSTALL_TARGET = "-C ${STAGING_KERNEL_DIR} M=${S} modules_install"

# kernel-module-split writes /etc/modules-load.d/devmap.conf and
# /etc/modprobe.d/devmap.conf into kernel-module-devmap.
KERNEL_MODULE_AUTOLOAD += "${@'devmap' if d.getVar('DEVMAP_AUTOLOAD') == '1' else ''}"
KERNEL_MODULE_PROBECONF += "devmap"
module_conf_devmap = "options devmap ${DEVMAP_MODULE_OPTIONS}"

RPROVIDES:${PN} += "kernel-module-devmap"
RRECOMMENDS:${PN} += "devmap-node"

python __anonymous() {
    devmap_check_options(d, ['DEVMAP_WINDOWS', 'DEVMAP_BUFFER_SIZE',
                             'DEVMAP_MODE', 'DEVMAP_AUTOLOAD'])
}
