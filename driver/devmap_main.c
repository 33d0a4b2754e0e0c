// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: map physical memory windows to userspace through /dev/map.
 *
 * Unlike /dev/mem, only ranges declared as windows can be reached: by the
 * devmap_windows parameter, by buffers that the driver allocates for DMA
 * (devmap_buffers, devmap_buffer_size), by device-tree nodes compatible
 * with "devmap,window" or "devmap,buffer", or by the memory BARs of PCI
 * devices bound to devmap. Each window carries its cache mode. Windows
 * are listed in /sys/class/misc/map/windows/.
 *
 * The parts, in the order the module starts them (README.md has a map):
 * parameters (devmap_param.c, devmap_pci.c), the character device
 * (devmap_cdev.c), the window registry (devmap_window.c), the parameter
 * windows, the device-tree driver (devmap_of.c), the PCI driver
 * (devmap_pci.c); interrupts (devmap_irq.c) and DMA buffers
 * (devmap_buffer.c) serve the windows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>

#include "devmap_cdev.h"
#include "devmap_of.h"
#include "devmap_param.h"
#include "devmap_pci.h"
#include "devmap_window.h"

/*
 * /dev/map refuses opens until the load succeeded, but a refused opener
 * still holds the module for a moment (the VFS took a reference for its
 * fops): a failed load waits for it to let go before the module is freed.
 * The module loader holds one reference of its own during init.
 */
static void devmap_wait_refused_openers(void)
{
#ifdef CONFIG_MODULE_UNLOAD
	int i;

	for (i = 0; i < 5000 && module_refcount(THIS_MODULE) > 1; i++)
		usleep_range(1000, 2000);
#endif
}

static int __init devmap_init(void)
{
	int ret;

	/* Every parameter is checked before /dev/map exists. */
	ret = devmap_params_parse();
	if (ret)
		return ret;
	ret = devmap_pci_parse_params();
	if (ret)
		goto err_params;

	ret = devmap_cdev_init();
	if (ret)
		goto err_pci;
	ret = devmap_windows_init(devmap_dev());
	if (ret)
		goto err_cdev;
	ret = devmap_params_add();
	if (ret)
		goto err_windows;
	ret = devmap_of_init();
	if (ret)
		goto err_windows;
	ret = devmap_pci_init();
	if (ret)
		goto err_of;
	devmap_cdev_ready();
	return 0;

err_of:
	devmap_of_exit();
err_windows:
	devmap_windows_exit();
err_cdev:
	devmap_cdev_exit();
	devmap_wait_refused_openers();
err_pci:
	devmap_pci_exit();
err_params:
	devmap_params_exit();
	return ret;
}
module_init(devmap_init);

/*
 * Every mapping holds its file and every file holds this module: no file
 * or mapping is left when this runs.
 */
static void __exit devmap_exit(void)
{
	devmap_pci_exit();
	devmap_of_exit();
	devmap_windows_exit();
	devmap_params_exit();
	devmap_cdev_exit();
}
module_exit(devmap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map physical memory windows to userspace through /dev/map");
