/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: mappings of /dev/map (f_op->mmap, or f_op->mmap_prepare where
 * the kernel has it; devmap_compat.h).
 */
#ifndef DEVMAP_MMAP_H
#define DEVMAP_MMAP_H

#include <linux/fs.h>
#include <linux/mm.h>

#include "devmap_compat.h"

#if DEVMAP_MMAP_PREPARE
int devmap_mmap_prepare(struct vm_area_desc *desc);
#else
int devmap_mmap(struct file *file, struct vm_area_struct *vma);
#endif

#endif /* DEVMAP_MMAP_H */
