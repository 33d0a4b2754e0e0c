/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap's character device, /dev/map (and a fixed major for a static
 * /dev): read, write, lseek, the ioctls; its mappings are devmap_mmap.c's.
 */
#ifndef DEVMAP_CDEV_H
#define DEVMAP_CDEV_H

#include <linux/types.h>

struct device;

/* The misc device: it logs for the whole driver. */
struct device *devmap_dev(void);

/*
 * Registers /dev/map, whose opens fail (ENODEV) until devmap_cdev_ready():
 * a module that fails to load never leaves a file or mapping behind.
 */
int devmap_cdev_init(void);
void devmap_cdev_ready(void);
void devmap_cdev_exit(void);

/* Zaps every mapping of [base, base + size) of every /dev/map file. */
void devmap_cdev_revoke(u64 base, u64 size);

struct devmap_window;

/*
 * Copy len bytes (within one page) between buf and window win at addr,
 * inside an SRCU read section in which win is live, at the widths a
 * device takes: read(), write() and the debugger's ->access.
 */
int devmap_copy_page(const struct devmap_window *win, u64 addr, void *buf,
		     size_t len, bool write);

#endif /* DEVMAP_CDEV_H */
