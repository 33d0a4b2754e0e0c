// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: mappings of /dev/map.
 *
 * mmap checks the whole range against one window and makes the mapping
 * hold that window; the pages are filled at fault time, inside an SRCU
 * read section that checks the window is still there. Every /dev/map
 * file shares one address space (devmap_cdev.c), so that removing a
 * window zaps all its mappings at once, as /dev/mem revokes through
 * iomem_get_mapping(): a later touch gets SIGBUS, never the released
 * range. A mapping never does more than its protection allows, on the
 * debugger's path (->access) too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "devmap_cdev.h"
#include "devmap_compat.h"
#include "devmap_mmap.h"
#include "devmap_window.h"

/* Pages mapped per fault: what remap_pfn_range() did at once, in steps. */
#define DEVMAP_FAULT_BATCH	(512UL * PAGE_SIZE)

static const struct vm_operations_struct devmap_vm_ops;

/*
 * May this mapping be made? Both mmap hooks ask: the descriptor of
 * f_op->mmap_prepare and the VMA of f_op->mmap carry the same facts.
 * Gives the window, referenced.
 */
static int devmap_mmap_check(u64 offset, unsigned long pgoff, u64 size,
			     bool shared, bool exec,
			     struct devmap_window **out)
{
	struct devmap_window *win;
	int ret, idx;

	/* The offset must survive the round trip through vm_pgoff. */
	if (offset >> PAGE_SHIFT != pgoff) {
		ret = -EOVERFLOW;
		goto refuse;
	}

	/* A private copy of device memory makes no sense: writes are lost. */
	if (!shared) {
		ret = -EINVAL;
		goto refuse;
	}

	/* Never execute from a window. */
	if (exec) {
		ret = -EPERM;
		goto refuse;
	}

	idx = srcu_read_lock(&devmap_srcu);
	win = devmap_window_at(offset, NULL);
	if (win)
		ret = devmap_check_access(&win->range, offset, size);
	else if (offset + (size - 1) < offset)
		ret = -EOVERFLOW;
	else
		ret = -ENXIO;
	if (!ret)
		devmap_window_get(win);
	srcu_read_unlock(&devmap_srcu, idx);
	if (!ret) {
		*out = win;
		return 0;
	}

refuse:
	dev_info_ratelimited(devmap_dev(), "%s[%d]: mmap 0x%llx+0x%llx refused: %d\n",
			     current->comm, task_pid_nr(current), offset, size,
			     ret);
	return ret;
}

static pgprot_t devmap_pgprot(const struct devmap_window *win, pgprot_t prot)
{
	if (win->buf)
		return devmap_buffer_pgprot(win->buf, prot);

	switch (win->cache) {
	case DEVMAP_UNCACHED:
		return pgprot_noncached(prot);
	case DEVMAP_WC:
		return pgprot_writecombine(prot);
	case DEVMAP_CACHED:
		break;
	}
	return prot;
}

#if DEVMAP_MMAP_PREPARE
int devmap_mmap_prepare(struct vm_area_desc *desc)
{
	struct devmap_window *win;
	int ret;

	ret = devmap_mmap_check((u64)desc->pgoff << PAGE_SHIFT, desc->pgoff,
				vma_desc_size(desc),
				vma_desc_test(desc, VMA_MAYSHARE_BIT),
				vma_desc_test(desc, VMA_EXEC_BIT), &win);
	if (ret)
		return ret;

	desc->page_prot = devmap_pgprot(win, desc->page_prot);
	/* PFNs at fault time; fixed size, not dumped, never executable. */
	vma_desc_set_flags(desc, VMA_IO_BIT, VMA_PFNMAP_BIT,
			   VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	vma_desc_clear_flags(desc, VMA_MAYEXEC_BIT);
	desc->vm_ops = &devmap_vm_ops;
	/*
	 * The mapping holds the window (->close drops it). Should the VMA
	 * fail to be made after this, the reference stays: a window's
	 * structure kept too long, never its memory.
	 */
	desc->private_data = win;
	return 0;
}
#else
int devmap_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct devmap_window *win;
	int ret;

	ret = devmap_mmap_check((u64)vma->vm_pgoff << PAGE_SHIFT,
				vma->vm_pgoff, vma->vm_end - vma->vm_start,
				vma->vm_flags & VM_MAYSHARE,
				vma->vm_flags & VM_EXEC, &win);
	if (ret)
		return ret;

	vma->vm_page_prot = devmap_pgprot(win, vma->vm_page_prot);
	/* PFNs at fault time; fixed size, not dumped, never executable. */
	devmap_vm_flags_mod(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
			    VM_DONTDUMP, VM_MAYEXEC);
	vma->vm_private_data = win;	/* ->close drops it */
	vma->vm_ops = &devmap_vm_ops;
	return 0;
}
#endif

static u64 devmap_vma_phys(struct vm_area_struct *vma, unsigned long addr)
{
	return ((u64)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
}

/*
 * Map a batch of pages around the fault while the window is there;
 * SIGBUS once it is gone (devmap_window_remove() zaps what was mapped).
 */
static vm_fault_t devmap_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct devmap_window *win = vma->vm_private_data;
	unsigned long addr, start, end;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	int idx;

	idx = srcu_read_lock(&devmap_srcu);
	if (!devmap_window_live(win))
		goto out;
	start = max(vma->vm_start, ALIGN_DOWN(vmf->address, DEVMAP_FAULT_BATCH));
	end = min(vma->vm_end, start + DEVMAP_FAULT_BATCH);
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		u64 phys = devmap_vma_phys(vma, addr);
		vm_fault_t r;

		/* mmap checked the whole VMA, and it cannot grow. */
		if (WARN_ON_ONCE(!devmap_contains(&win->range, phys)))
			break;
		r = vmf_insert_pfn_prot(vma, addr, PHYS_PFN(phys),
					vma->vm_page_prot);
		/* Only the faulting page must be mapped; the rest may wait. */
		if ((r & VM_FAULT_ERROR) &&
		    addr == (vmf->address & PAGE_MASK)) {
			ret = r;
			goto out;
		}
	}
	ret = VM_FAULT_NOPAGE;
out:
	srcu_read_unlock(&devmap_srcu, idx);
	return ret;
}

/*
 * Debuggers and /proc/PID/mem reach a mapping through ->access:
 * get_user_pages() refuses VM_IO mappings. They pass FOLL_FORCE, so the
 * protection is checked here, as generic_access_phys() checks the PTE:
 * no write without PROT_WRITE (a read-only descriptor cannot have it),
 * no read without PROT_READ. generic_access_phys() itself ioremaps, and
 * so refuses (and WARNs on) RAM such as a buffer window: the window's
 * own copy path serves every kind, at the widths read() and write() use.
 */
static int devmap_vm_access(struct vm_area_struct *vma, unsigned long vaddr,
			    void *buf, int len, int write)
{
	struct devmap_window *win = vma->vm_private_data;
	u64 addr = devmap_vma_phys(vma, vaddr);
	int done = 0, ret, idx;

	if (len <= 0)
		return 0;
	if (!(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
		return -EACCES;
	idx = srcu_read_lock(&devmap_srcu);
	ret = devmap_window_live(win) ?
	      devmap_check_access(&win->range, addr, len) : -EIO;
	while (!ret && done < len) {
		size_t n = min_t(size_t, len - done,
				 PAGE_SIZE - offset_in_page(addr));

		ret = devmap_copy_page(win, addr, buf + done, n, write);
		done += n;
		addr += n;
	}
	srcu_read_unlock(&devmap_srcu, idx);
	return ret ? ret : done;
}

/* A split or a fork makes another mapping of the same window. */
static void devmap_vm_open(struct vm_area_struct *vma)
{
	devmap_window_get(vma->vm_private_data);
}

static void devmap_vm_close(struct vm_area_struct *vma)
{
	devmap_window_put(vma->vm_private_data);
}

static const struct vm_operations_struct devmap_vm_ops = {
	.open		= devmap_vm_open,
	.close		= devmap_vm_close,
	.fault		= devmap_vm_fault,
	.access		= devmap_vm_access,
};
