/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: every kernel version difference in one place.
 *
 * Out of tree, the module builds against 6.1 and newer. Each shim names
 * the upstream change that made it necessary; the rest of the driver
 * uses only the names defined here. The board tests compile and run the
 * module on 6.1, 6.12 and 7.2, so each side of every branch below is
 * built by at least one of them.
 */
#ifndef DEVMAP_COMPAT_H
#define DEVMAP_COMPAT_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/version.h>

/*
 * get_unaligned() and put_unaligned() moved to <linux/unaligned.h> in
 * 6.12, commit 5f60d5f6bbc1 ("move asm/unaligned.h to linux/unaligned.h").
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * MAX_ORDER became inclusive in 6.4, commit 23baf831a32c ("mm, treewide:
 * redefine MAX_ORDER sanely"), and was renamed MAX_PAGE_ORDER in 6.8,
 * commit 5e0a760b4441 ("mm, treewide: rename MAX_ORDER to MAX_PAGE_ORDER").
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define DEVMAP_MAX_ORDER	MAX_PAGE_ORDER
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define DEVMAP_MAX_ORDER	MAX_ORDER
#else
#define DEVMAP_MAX_ORDER	(MAX_ORDER - 1)
#endif

/*
 * vma->vm_flags became read-only in 6.3, commit bc292ab00f6c ("mm:
 * introduce vma->vm_flags wrapper functions"): vm_flags_mod() replaces
 * the direct |= and &=.
 */
static inline void devmap_vm_flags_mod(struct vm_area_struct *vma,
				       vm_flags_t set, vm_flags_t clear)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

/*
 * platform_driver.remove returns void from 6.11, commit 0edb555a65d1
 * ("platform: Make platform_driver::remove() return void").
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define DEVMAP_REMOVE_RET	void
#define DEVMAP_REMOVE_OK
#else
#define DEVMAP_REMOVE_RET	int
#define DEVMAP_REMOVE_OK	0
#endif

/*
 * f_op->mmap_prepare, commit c84bf6dd2b83 ("mm: introduce new
 * .mmap_prepare() file callback", 6.16), sets a mapping up before the
 * VMA exists. A driver that maps PFNs can use it once the descriptor
 * carries a remap action ("mm: add ability to take further action in
 * vm_area_desc", 6.18) and its flags are a vma_flags_t, commit
 * 9ea35a25d51b (6.19) and "mm: update all remaining mmap_prepare users
 * to use vma_flags_t". Keyed on 7.2, the first release these tests
 * build against that has both; kernels before it keep f_op->mmap, which
 * they all still call.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 2, 0)
#define DEVMAP_MMAP_PREPARE	1
#else
#define DEVMAP_MMAP_PREPARE	0
#endif

#endif /* DEVMAP_COMPAT_H */
