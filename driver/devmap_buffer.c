// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap buffers: physically contiguous memory from the DMA API, for a
 * device's view of memory (its DMA mask, dma-ranges, IOMMU, coherence),
 * mapped to userspace at its physical address like any window.
 *
 * On a device that does not snoop the CPU caches:
 *  - a cached buffer comes from dma_alloc_noncoherent(): userspace maps
 *    it cached and calls sync for the device after writing and sync for
 *    the CPU before reading what the device wrote;
 *  - an uncached (or wc) buffer comes from dma_alloc_coherent(): mapped
 *    as the DMA API maps it for the kernel (pgprot_dmacoherent), sync is
 *    a no-op.
 * On a device that snoops (x86, "dma-coherent" in the device tree) every
 * buffer is normal cached memory and sync is a no-op.
 *
 * Large buffers come from CMA (cma= on the kernel command line) or from
 * the device's own shared-dma-pool (memory-region).
 */
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/of_reserved_mem.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "devmap_buffer.h"
#include "devmap_ioctl.h"

/*
 * The CPU's physical address of an allocation, which the DMA API gives as
 * a kernel address: linear (contiguous) or a remap of contiguous pages.
 * An IOMMU may hand out scattered pages: one window cannot cover those.
 */
static bool devmap_buffer_phys(void *vaddr, size_t size,
			       phys_addr_t *phys)
{
	unsigned long pfn, off;

	if (!is_vmalloc_addr(vaddr)) {
		*phys = virt_to_phys(vaddr);
		return true;
	}
	pfn = vmalloc_to_pfn(vaddr);
	for (off = PAGE_SIZE; off < size; off += PAGE_SIZE)
		if (vmalloc_to_pfn(vaddr + off) != pfn + off / PAGE_SIZE)
			return false;
	*phys = PFN_PHYS(pfn);
	return true;
}

/* Every access and mapping of it has ended (devmap_window_remove). */
void devmap_buffer_free(struct devmap_buffer *buf)
{
	if (buf->vaddr && buf->streaming)
		dma_free_noncoherent(buf->dev, buf->size, buf->vaddr, buf->dma,
				     DMA_BIDIRECTIONAL);
	else if (buf->vaddr)
		dma_free_coherent(buf->dev, buf->size, buf->vaddr, buf->dma);
	if (buf->rmem)
		of_reserved_mem_device_release(buf->dev);
	put_device(buf->dev);
	kfree(buf);
}

/*
 * Allocate size bytes (a multiple of the page size) for dev. rmem: dev's
 * memory-region was made its DMA pool (of_reserved_mem_device_init), to
 * be released with the buffer. Returns an ERR_PTR with the reason logged.
 */
struct devmap_buffer *devmap_buffer_alloc(struct device *dev,
					  const char *name, u64 size,
					  enum devmap_cache cache, bool rmem)
{
	struct devmap_buffer *buf;
	u64 off;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf) {
		if (rmem)
			of_reserved_mem_device_release(dev);
		return ERR_PTR(-ENOMEM);
	}
	buf->dev = get_device(dev);
	buf->rmem = rmem;
	buf->size = size;
	buf->coherent = dev_is_dma_coherent(dev);
	buf->streaming = cache == DEVMAP_CACHED && !buf->coherent;

	if (size != buf->size) {
		dev_err(dev, "buffer %s: size 0x%llx is too large for this CPU\n",
			name, size);
		goto err;
	}
	if (buf->streaming)
		buf->vaddr = dma_alloc_noncoherent(dev, size, &buf->dma,
						   DMA_BIDIRECTIONAL,
						   GFP_KERNEL | __GFP_NOWARN);
	else
		buf->vaddr = dma_alloc_coherent(dev, size, &buf->dma,
						GFP_KERNEL | __GFP_NOWARN);
	if (!buf->vaddr) {
		if (IS_ENABLED(CONFIG_DMA_CMA))
			dev_err(dev, "buffer %s: cannot allocate 0x%llx contiguous bytes for %s: make the CMA area larger (cma= on the kernel command line; CmaTotal and CmaFree in /proc/meminfo) or give the buffer a shared-dma-pool memory-region\n",
				name, size, dev_name(dev));
		else
			dev_err(dev, "buffer %s: cannot allocate 0x%llx contiguous bytes for %s: this kernel has no CMA (CONFIG_DMA_CMA): use a smaller buffer or a shared-dma-pool memory-region\n",
				name, size, dev_name(dev));
		goto err;
	}
	if (!devmap_buffer_phys(buf->vaddr, size, &buf->phys)) {
		dev_err(dev, "buffer %s: %s gave physically scattered memory (an IOMMU?): one window cannot map it\n",
			name, dev_name(dev));
		goto err;
	}

	/*
	 * Start from zeros that the device sees too, a slice at a time: a
	 * buffer of hundreds of MiB takes a while on a slow CPU.
	 */
	for (off = 0; off < size; off += SZ_1M) {
		memset(buf->vaddr + off, 0, min_t(u64, size - off, SZ_1M));
		cond_resched();
	}
	if (buf->streaming)
		dma_sync_single_for_device(dev, buf->dma, size,
					   DMA_BIDIRECTIONAL);
	return buf;

err:
	devmap_buffer_free(buf);
	return ERR_PTR(-ENOMEM);
}

/* Userspace maps a buffer as the DMA API maps it for the kernel. */
pgprot_t devmap_buffer_pgprot(const struct devmap_buffer *buf, pgprot_t prot)
{
	if (buf->streaming || buf->coherent)
		return prot;
	return pgprot_dmacoherent(prot);
}

int devmap_buffer_check_sync(const struct devmap_range *r, u64 addr, u64 len,
			     u32 op, u32 dir, enum dma_data_direction *dma_dir,
			     bool *invalidates)
{
	if (op != DEVMAP_SYNC_FOR_CPU && op != DEVMAP_SYNC_FOR_DEVICE)
		return -EINVAL;
	switch (dir) {
	case DEVMAP_DIR_BIDIRECTIONAL:
		*dma_dir = DMA_BIDIRECTIONAL;
		break;
	case DEVMAP_DIR_TO_DEVICE:
		*dma_dir = DMA_TO_DEVICE;
		break;
	case DEVMAP_DIR_FROM_DEVICE:
		*dma_dir = DMA_FROM_DEVICE;
		break;
	default:
		return -EINVAL;
	}
	/*
	 * Handing memory to a device that reads it only writes dirty lines
	 * back, on every architecture; the other syncs may invalidate lines
	 * (arm64 does for FROM_DEVICE and for the CPU).
	 */
	*invalidates = op != DEVMAP_SYNC_FOR_DEVICE ||
		       dir == DEVMAP_DIR_FROM_DEVICE;
	return devmap_check_access(r, addr, len);
}

/*
 * Hand [offset, offset + len) of the buffer to the device (for_device:
 * after the CPU wrote it) or back to the CPU (before it reads what the
 * device wrote). The caller checked the range and the direction.
 */
int devmap_buffer_sync(struct devmap_buffer *buf, u64 offset, u64 len,
		       bool for_device, enum dma_data_direction dir)
{
	if (!buf->streaming)
		return 0;
	if (for_device)
		dma_sync_single_for_device(buf->dev, buf->dma + offset, len,
					   dir);
	else
		dma_sync_single_for_cpu(buf->dev, buf->dma + offset, len, dir);
	return 0;
}
