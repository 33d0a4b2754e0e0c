/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: PCI devices bound to devmap (devmap_pci=, driver_override),
 * their memory BARs as windows and their vectors as interrupts.
 */
#ifndef DEVMAP_PCI_H
#define DEVMAP_PCI_H

#include <linux/types.h>

struct device;
struct pci_dev;

/* Checks devmap_pci and devmap_pci_mode: before /dev/map exists. */
int devmap_pci_parse_params(void);
int devmap_pci_init(void);
void devmap_pci_exit(void);

/*
 * The PCI calls of the rest of the driver, so that it builds on kernels
 * without CONFIG_PCI (most SoCs): there they find nothing and do nothing.
 */
struct device *devmap_pci_find_device(const char *name);
bool devmap_pci_check_and_mask_intx(struct pci_dev *pdev);
void devmap_pci_intx_enable(struct pci_dev *pdev, bool enable);

#endif /* DEVMAP_PCI_H */
