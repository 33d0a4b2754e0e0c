/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap buffers: physically contiguous memory allocated through the DMA
 * API for a device, shared between userspace and that device. A buffer
 * belongs to its window: it is freed when the window is removed, after
 * every access and mapping of it has ended (devmap_window.h).
 */
#ifndef DEVMAP_BUFFER_H
#define DEVMAP_BUFFER_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/mm_types.h>
#include <linux/types.h>

#include "devmap_range.h"

struct devmap_buffer {
	struct device *dev;	/* whose DMA view: dma is its bus address */
	void *vaddr;		/* kernel address, virtually contiguous */
	dma_addr_t dma;		/* what the device must be given */
	phys_addr_t phys;	/* what the CPU maps: the mmap offset */
	size_t size;
	bool streaming;		/* cached: sync does cache maintenance */
	bool coherent;		/* the device snoops CPU caches: sync is a no-op */
	bool rmem;		/* the device's own reserved-memory pool */
};

struct devmap_buffer *devmap_buffer_alloc(struct device *dev,
					  const char *name, u64 size,
					  enum devmap_cache cache, bool rmem);
void devmap_buffer_free(struct devmap_buffer *buf);
pgprot_t devmap_buffer_pgprot(const struct devmap_buffer *buf, pgprot_t prot);

/*
 * May [addr, addr + len) of window r be synced with op and dir
 * (DEVMAP_SYNC_*, DEVMAP_DIR_*)? Gives the DMA API's direction, and
 * whether the sync may invalidate CPU caches, which discards what a CPU
 * wrote and not yet wrote back: only a writer may ask for that.
 */
int devmap_buffer_check_sync(const struct devmap_range *r, u64 addr, u64 len,
			     u32 op, u32 dir, enum dma_data_direction *dma_dir,
			     bool *invalidates);
int devmap_buffer_sync(struct devmap_buffer *buf, u64 offset, u64 len,
		       bool for_device, enum dma_data_direction dir);

#endif /* DEVMAP_BUFFER_H */
