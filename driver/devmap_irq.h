/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: interrupts of windows, delivered to userspace through handles
 * (DEVMAP_IOC_IRQ_OPEN).
 */
#ifndef DEVMAP_IRQ_H
#define DEVMAP_IRQ_H

#include <linux/kobject.h>
#include <linux/types.h>

#include "devmap_range.h"

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

/*
 * A new handle's file descriptor, or an errno. Takes no reference. A
 * handle that is not writable can wait but not mask.
 */
int devmap_irq_handle_open(struct devmap_irq_src *src, const char *window,
			   u32 index, u32 flags, bool writable);

#endif /* DEVMAP_IRQ_H */
