/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: interrupts of windows, delivered to userspace through handles
 * (DEVMAP_IOC_IRQ_OPEN), and PCI devices bound to devmap.
 */
#ifndef DEVMAP_IRQ_H
#define DEVMAP_IRQ_H

#include <linux/kobject.h>
#include <linux/types.h>

#include "devmap_range.h"

struct device;
struct pci_dev;

enum devmap_irq_kind {
	DEVMAP_IRQ_DT,
	DEVMAP_IRQ_MSIX,
	DEVMAP_IRQ_MSI,
	DEVMAP_IRQ_INTX,
};

struct devmap_irq_src;

/* The interrupt sources of one window and their sysfs directory. */
struct devmap_win_irqs {
	unsigned int n;
	struct devmap_irq_src **src;	/* each referenced */
	struct kobject *dir;		/* interrupts/ */
	struct kobject **entries;	/* interrupts/<index>/ */
};

/*
 * A source requested for irq (a PCI INTx source masks pdev's INTx).
 * name ("<window>:<index>") names the line in /proc/interrupts. The
 * line stays masked until a handle opens.
 */
struct devmap_irq_src *devmap_irq_src_request(unsigned int irq,
					      enum devmap_irq_kind kind,
					      struct pci_dev *pdev,
					      const char *name);
/* Frees the line and wakes every waiter with EIO; then drops the ref. */
void devmap_irq_src_gone(struct devmap_irq_src *src);
void devmap_irq_src_get(struct devmap_irq_src *src);
void devmap_irq_src_put(struct devmap_irq_src *src);

/* Copies srcs (taking a reference each) into wi. */
int devmap_win_irqs_init(struct devmap_win_irqs *wi,
			 struct devmap_irq_src **srcs, unsigned int n);
int devmap_win_irqs_sysfs_add(struct devmap_win_irqs *wi,
			      struct kobject *win);
void devmap_win_irqs_sysfs_del(struct devmap_win_irqs *wi);
void devmap_win_irqs_release(struct devmap_win_irqs *wi);

/* A new handle's file descriptor, or an errno. Takes no reference. */
int devmap_irq_handle_open(struct devmap_irq_src *src, const char *window,
			   u32 index, u32 flags);

/* devmap_main.c, for the PCI binding */
struct devmap_window;
struct devmap_window *devmap_add_pci_window(struct device *dev,
					    const char *name, u64 base,
					    u64 size, enum devmap_cache cache,
					    struct devmap_irq_src **srcs,
					    unsigned int nsrc);
void devmap_remove_pci_window(struct devmap_window *win);

/* devmap_pci.c: the PCI binding (devmap_pci=, driver_override) */
int devmap_pci_init(void);
void devmap_pci_exit(void);
/*
 * The PCI calls of the rest of the driver, so that it builds on kernels
 * without CONFIG_PCI (most SoCs): there they find nothing and do nothing.
 */
struct device *devmap_pci_find_device(const char *name);
bool devmap_pci_check_and_mask_intx(struct pci_dev *pdev);
void devmap_pci_intx_enable(struct pci_dev *pdev, bool enable);

#endif /* DEVMAP_IRQ_H */
