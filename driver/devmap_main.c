// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: map physical memory windows to userspace through /dev/map.
 *
 * The mmap offset is the physical address, so the classic example works
 * unchanged (w/o error handling):
 *
 *     fd = open("/dev/map", O_RDWR);
 *     data = mmap(0, 0x300000, PROT_READ | PROT_WRITE, MAP_SHARED,
 *                 fd, 0xc0000000);
 *     data[100] = 3;
 *
 * Unlike /dev/mem, only ranges declared as windows can be reached: by the
 * devmap_windows parameter, by a kernel buffer (devmap_buffer_size) or by
 * device-tree nodes compatible with "devmap,window". Each window carries
 * its cache mode. Windows are listed in /sys/class/misc/map/windows/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "devmap_compat.h"
#include "devmap_range.h"

/* Every parameter is prefixed: phys_base and friends clash on some arches. */
static char *devmap_windows;
module_param(devmap_windows, charp, 0444);
MODULE_PARM_DESC(devmap_windows,
		 "Windows as name:base:size[:uncached|wc|cached], comma separated");

static char *devmap_buffer_size;
module_param(devmap_buffer_size, charp, 0444);
MODULE_PARM_DESC(devmap_buffer_size,
		 "Size of a cached kernel buffer window named 'buffer' (e.g. 1M)");

static ushort devmap_mode = 0600;
module_param(devmap_mode, ushort, 0444);
MODULE_PARM_DESC(devmap_mode, "Mode of the /dev/map node (default 0600)");

static uint devmap_major;
module_param(devmap_major, uint, 0444);
MODULE_PARM_DESC(devmap_major,
		 "Also register this fixed major, minor 0, for a static /dev (e.g. 126)");

/* Register buses are rarely wider than 32 bits: never access more. */
#define DEVMAP_IO_WIDTH		4

enum devmap_source {
	DEVMAP_SRC_PARAM,
	DEVMAP_SRC_BUFFER,
	DEVMAP_SRC_DT,
};

static const char * const devmap_source_names[] = {
	[DEVMAP_SRC_PARAM]	= "param",
	[DEVMAP_SRC_BUFFER]	= "buffer",
	[DEVMAP_SRC_DT]		= "dt",
};

/* "devmap:<window>", the window's name in /proc/iomem */
#define DEVMAP_RES_NAME_MAX	(sizeof("devmap:") + DEVMAP_NAME_MAX)

struct devmap_window {
	struct list_head node;
	struct kobject kobj;
	char name[DEVMAP_NAME_MAX];
	struct devmap_range range;
	enum devmap_cache cache;
	enum devmap_source source;
	bool shared;		/* not claimed: a kernel driver owns it too */
	void *kaddr;		/* kernel address of the buffer window */
	struct device *dev;	/* the platform device of a DT window */
	struct resource *region;	/* its claim in the resource tree */
	struct resource buffer_res;	/* the claim of the buffer window */
	char res_name[DEVMAP_RES_NAME_MAX];
};

/* The parts of a window that an access needs, copied under the lock. */
struct devmap_target {
	struct devmap_range range;
	enum devmap_cache cache;
	void *kaddr;
};

struct devmap_drvdata {
	struct mutex lock;	/* protects windows */
	struct list_head windows;
	struct kset *windows_kset;	/* windows/, sends each one's uevents */
	struct miscdevice misc;
	void *buffer;
	size_t buffer_size;
	bool chrdev_registered;
};

static const struct file_operations devmap_fops;
static const struct vm_operations_struct devmap_vm_ops;

static struct devmap_drvdata devmap = {
	.lock		= __MUTEX_INITIALIZER(devmap.lock),
	.windows	= LIST_HEAD_INIT(devmap.windows),
	.misc		= {
		.minor	= MISC_DYNAMIC_MINOR,
		.name	= "map",
		.fops	= &devmap_fops,
	},
};

static inline struct device *devmap_dev(void)
{
	return devmap.misc.this_device;
}

/* sysfs: /sys/class/misc/map/windows/<name>/{phys,size,mode,source} */

static inline struct devmap_window *to_devmap_window(struct kobject *kobj)
{
	return container_of(kobj, struct devmap_window, kobj);
}

static ssize_t phys_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", to_devmap_window(kobj)->range.base);
}

static ssize_t size_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", to_devmap_window(kobj)->range.size);
}

static ssize_t mode_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  devmap_cache_name(to_devmap_window(kobj)->cache));
}

static ssize_t source_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  devmap_source_names[to_devmap_window(kobj)->source]);
}

static struct kobj_attribute phys_attr = __ATTR_RO(phys);
static struct kobj_attribute size_attr = __ATTR_RO(size);
static struct kobj_attribute mode_attr = __ATTR_RO(mode);
static struct kobj_attribute source_attr = __ATTR_RO(source);

static struct attribute *devmap_window_attrs[] = {
	&phys_attr.attr,
	&size_attr.attr,
	&mode_attr.attr,
	&source_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(devmap_window);

static void devmap_window_release(struct kobject *kobj)
{
	kfree(to_devmap_window(kobj));
}

static struct kobj_type devmap_window_ktype = {
	.release	= devmap_window_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= devmap_window_groups,
};

/* Window registry */

static int devmap_check_new(const struct devmap_window *win)
{
	struct device *dev = devmap_dev();
	const struct devmap_range *r = &win->range;
	struct devmap_window *other;
	int ret;

	ret = devmap_check_window(r, PAGE_SIZE);
	if (ret == -EOVERFLOW) {
		dev_err(dev, "window %s: 0x%llx+0x%llx wraps around the address space\n",
			win->name, r->base, r->size);
		return ret;
	}
	if (ret) {
		dev_err(dev, "window %s: base 0x%llx and size 0x%llx must be non-zero multiples of 0x%lx\n",
			win->name, r->base, r->size, PAGE_SIZE);
		return ret;
	}
	if ((phys_addr_t)r->base != r->base ||
	    (phys_addr_t)(r->base + r->size - 1) != r->base + r->size - 1) {
		dev_err(dev, "window %s: 0x%llx+0x%llx is beyond this CPU's physical addresses\n",
			win->name, r->base, r->size);
		return -EOVERFLOW;
	}

	/* Handing out the kernel's own memory would bypass every protection. */
	if (win->source == DEVMAP_SRC_PARAM &&
	    region_intersects(r->base, r->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		dev_err(dev, "window %s: 0x%llx+0x%llx overlaps System RAM\n",
			win->name, r->base, r->size);
		return -EBUSY;
	}

	list_for_each_entry(other, &devmap.windows, node) {
		if (!strcmp(other->name, win->name)) {
			dev_err(dev, "window %s: name already used\n",
				win->name);
			return -EEXIST;
		}
		if (devmap_overlap(&other->range, r)) {
			dev_err(dev, "window %s: 0x%llx+0x%llx overlaps window %s at 0x%llx+0x%llx\n",
				win->name, r->base, r->size, other->name,
				other->range.base, other->range.size);
			return -EBUSY;
		}
	}
	return 0;
}

/*
 * The name of whoever holds [base, base + size) in /proc/iomem: the
 * deepest entry that overlaps it. The resource tree's lock is not
 * exported, and /proc/iomem is the one reader that takes it. Only used
 * to explain a refusal; an empty name when it cannot be read.
 */
static void devmap_region_owner(u64 base, u64 size, char *owner, size_t len)
{
	const size_t max = 64 * 1024;
	int best_depth = -1;
	struct file *f;
	loff_t pos = 0;
	char *buf, *line, *cur;
	ssize_t n, got = 0;

	strscpy(owner, "", len);
	buf = kvmalloc(max, GFP_KERNEL);
	if (!buf)
		return;
	f = filp_open("/proc/iomem", O_RDONLY, 0);
	if (IS_ERR(f))
		goto out_free;
	while (got < max - 1) {
		n = kernel_read(f, buf + got, max - 1 - got, &pos);
		if (n <= 0)
			break;
		got += n;
	}
	filp_close(f, NULL);
	buf[got] = '\0';

	cur = buf;
	while ((line = strsep(&cur, "\n")) != NULL) {
		unsigned long long start, end;
		int depth = 0, name_at = 0;

		while (line[depth] == ' ')
			depth++;
		if (sscanf(line + depth, "%llx-%llx : %n", &start, &end,
			   &name_at) != 2 || !name_at)
			continue;
		if (start > base + (size - 1) || end < base)
			continue;
		if (depth > best_depth) {
			best_depth = depth;
			strscpy(owner, line + depth + name_at, len);
		}
	}
out_free:
	kvfree(buf);
}

/*
 * Claim the window in the resource tree, as any driver claims what it
 * maps: /proc/iomem shows it, and a region that another driver holds is
 * refused instead of being written behind its back.
 */
static int devmap_claim(struct devmap_window *win)
{
	struct device *dev = devmap_dev();
	const struct devmap_range *r = &win->range;
	char owner[64];

	snprintf(win->res_name, sizeof(win->res_name), "devmap:%s", win->name);
	if (win->shared) {
		dev_warn(dev, "window %s: 0x%llx+0x%llx shared with kernel drivers: not claimed, accesses may race with theirs\n",
			 win->name, r->base, r->size);
		return 0;
	}

	switch (win->source) {
	case DEVMAP_SRC_BUFFER:
		/* Our own RAM: no driver can hold it, but show it. */
		win->buffer_res.start = r->base;
		win->buffer_res.end = r->base + r->size - 1;
		win->buffer_res.name = win->res_name;
		win->buffer_res.flags = IORESOURCE_MEM | IORESOURCE_BUSY;
		if (!insert_resource(&iomem_resource, &win->buffer_res)) {
			win->region = &win->buffer_res;
			return 0;
		}
		break;
	case DEVMAP_SRC_DT: {
		/* The device's claim ends with the device: so must its name. */
		const char *name = devm_kstrdup(win->dev, win->res_name,
						GFP_KERNEL);

		if (!name)
			return -ENOMEM;
		win->region = devm_request_mem_region(win->dev, r->base,
						      r->size, name);
		break;
	}
	case DEVMAP_SRC_PARAM:
		win->region = request_mem_region(r->base, r->size,
						 win->res_name);
		break;
	}
	if (win->region)
		return 0;

	devmap_region_owner(r->base, r->size, owner, sizeof(owner));
	dev_err(dev, "window %s: 0x%llx+0x%llx is claimed by '%s' (see /proc/iomem); add :shared to share it with that driver, at your own risk\n",
		win->name, r->base, r->size, owner[0] ? owner : "another driver");
	return -EBUSY;
}

static void devmap_unclaim(struct devmap_window *win)
{
	if (!win->region)
		return;
	if (win->source == DEVMAP_SRC_BUFFER)
		remove_resource(win->region);
	else if (win->source == DEVMAP_SRC_PARAM)
		release_mem_region(win->range.base, win->range.size);
	/* DT windows: the device's managed claim is released after remove */
	win->region = NULL;
}

/*
 * A uevent per window added or removed, with what a rule needs, so that
 * udev or mdev can act on a window (e.g. a link named after it).
 */
static void devmap_window_uevent(struct devmap_window *win,
				 enum kobject_action action)
{
	char name[16 + DEVMAP_NAME_MAX], phys[40], size[40];
	char *envp[4];

	snprintf(name, sizeof(name), "DEVMAP_WINDOW=%s", win->name);
	snprintf(phys, sizeof(phys), "DEVMAP_PHYS=0x%llx", win->range.base);
	snprintf(size, sizeof(size), "DEVMAP_SIZE=0x%llx", win->range.size);
	envp[0] = name;
	envp[1] = phys;
	envp[2] = size;
	envp[3] = NULL;
	kobject_uevent_env(&win->kobj, action, envp);
}

/* Takes ownership of win: on error it is freed. */
static int devmap_add_window(struct devmap_window *win)
{
	int ret;

	mutex_lock(&devmap.lock);
	ret = devmap_check_new(win);
	if (!ret)
		ret = devmap_claim(win);
	if (ret) {
		mutex_unlock(&devmap.lock);
		kfree(win);
		return ret;
	}
	win->kobj.kset = devmap.windows_kset;
	ret = kobject_init_and_add(&win->kobj, &devmap_window_ktype, NULL,
				   "%s", win->name);
	if (ret) {
		devmap_unclaim(win);
		mutex_unlock(&devmap.lock);
		dev_err(devmap_dev(), "window %s: sysfs entry failed: %d\n",
			win->name, ret);
		kobject_put(&win->kobj);
		return ret;
	}
	list_add_tail(&win->node, &devmap.windows);
	mutex_unlock(&devmap.lock);
	devmap_window_uevent(win, KOBJ_ADD);

	dev_info(devmap_dev(), "window %s: 0x%llx+0x%llx %s (%s)\n",
		 win->name, win->range.base, win->range.size,
		 devmap_cache_name(win->cache),
		 devmap_source_names[win->source]);
	return 0;
}

/*
 * A live mapping of a removed window stays valid: device memory is not
 * ours to free, and the buffer outlives every mapping (see devmap_exit).
 * The sysfs entry goes now, whoever holds its files open, so that a
 * window of the same name can come back at once.
 */
static void devmap_remove_window(struct devmap_window *win)
{
	mutex_lock(&devmap.lock);
	list_del(&win->node);
	devmap_unclaim(win);
	mutex_unlock(&devmap.lock);
	devmap_window_uevent(win, KOBJ_REMOVE);
	kobject_del(&win->kobj);
	kobject_put(&win->kobj);
}

static struct devmap_window *devmap_new_window(const char *name,
					       u64 base, u64 size,
					       enum devmap_cache cache,
					       enum devmap_source source)
{
	struct devmap_window *win;

	win = kzalloc(sizeof(*win), GFP_KERNEL);
	if (!win)
		return NULL;
	strscpy(win->name, name, sizeof(win->name));
	win->range.base = base;
	win->range.size = size;
	win->cache = cache;
	win->source = source;
	return win;
}

/*
 * Find the window for an access at addr. Returns 0 and fills t, or
 * -ENXIO when no window contains addr. *at_end tells whether addr is the
 * first byte after a window (end of file for read and write).
 */
static int devmap_lookup(u64 addr, struct devmap_target *t, bool *at_end)
{
	struct devmap_window *win;
	int ret = -ENXIO;

	if (at_end)
		*at_end = false;
	mutex_lock(&devmap.lock);
	list_for_each_entry(win, &devmap.windows, node) {
		if (devmap_contains(&win->range, addr)) {
			t->range = win->range;
			t->cache = win->cache;
			t->kaddr = win->kaddr;
			ret = 0;
			break;
		}
		if (at_end && addr == win->range.base + win->range.size)
			*at_end = true;
	}
	mutex_unlock(&devmap.lock);
	return ret;
}

/* File operations */

/*
 * May this mapping be made? Both mmap hooks ask: the descriptor of
 * f_op->mmap_prepare and the VMA of f_op->mmap carry the same facts.
 * Fills t with the window on success.
 */
static int devmap_mmap_check(u64 offset, unsigned long pgoff, u64 size,
			     bool shared, bool exec, struct devmap_target *t)
{
	int ret;

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

	ret = devmap_lookup(offset, t, NULL);
	if (!ret)
		ret = devmap_check_access(&t->range, offset, size);
	else if (offset + (size - 1) < offset)
		ret = -EOVERFLOW;
	if (!ret)
		return 0;

refuse:
	dev_info_ratelimited(devmap_dev(), "%s[%d]: mmap 0x%llx+0x%llx refused: %d\n",
			     current->comm, task_pid_nr(current), offset, size,
			     ret);
	return ret;
}

static pgprot_t devmap_pgprot(enum devmap_cache cache, pgprot_t prot)
{
	switch (cache) {
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
static int devmap_mmap_prepare(struct vm_area_desc *desc)
{
	u64 size = vma_desc_size(desc);
	struct devmap_target t;
	int ret;

	ret = devmap_mmap_check((u64)desc->pgoff << PAGE_SHIFT, desc->pgoff,
				size, vma_desc_test(desc, VMA_MAYSHARE_BIT),
				vma_desc_test(desc, VMA_EXEC_BIT), &t);
	if (ret)
		return ret;

	desc->page_prot = devmap_pgprot(t.cache, desc->page_prot);
	/* Fixed size, not in core dumps, not executable later either. */
	vma_desc_set_flags(desc, VMA_IO_BIT, VMA_DONTEXPAND_BIT,
			   VMA_DONTDUMP_BIT);
	vma_desc_clear_flags(desc, VMA_MAYEXEC_BIT);
	desc->vm_ops = &devmap_vm_ops;
	/* The PFNs are mapped once the VMA exists, with page_prot above. */
	mmap_action_remap_full(desc, desc->pgoff);
	return 0;
}
#else
static int devmap_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 size = vma->vm_end - vma->vm_start;
	struct devmap_target t;
	int ret;

	ret = devmap_mmap_check((u64)vma->vm_pgoff << PAGE_SHIFT,
				vma->vm_pgoff, size,
				vma->vm_flags & VM_MAYSHARE,
				vma->vm_flags & VM_EXEC, &t);
	if (ret)
		return ret;

	vma->vm_page_prot = devmap_pgprot(t.cache, vma->vm_page_prot);
	/* Fixed size, not in core dumps, not executable later either. */
	devmap_vm_flags_mod(vma, VM_IO | VM_DONTEXPAND | VM_DONTDUMP,
			    VM_MAYEXEC);
	vma->vm_ops = &devmap_vm_ops;

	if (remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size,
			    vma->vm_page_prot))
		return -EAGAIN;
	return 0;
}
#endif

static void devmap_io_read(void *dst, const void __iomem *src, u64 addr,
			   size_t len)
{
	while (len) {
		unsigned int w = devmap_access_width(addr, len,
						     DEVMAP_IO_WIDTH);

		if (w == 4)
			*(u32 *)dst = readl(src);
		else if (w == 2)
			*(u16 *)dst = readw(src);
		else
			*(u8 *)dst = readb(src);
		dst += w;
		src += w;
		addr += w;
		len -= w;
	}
}

static void devmap_io_write(void __iomem *dst, const void *src, u64 addr,
			    size_t len)
{
	while (len) {
		unsigned int w = devmap_access_width(addr, len,
						     DEVMAP_IO_WIDTH);

		if (w == 4)
			writel(*(const u32 *)src, dst);
		else if (w == 2)
			writew(*(const u16 *)src, dst);
		else
			writeb(*(const u8 *)src, dst);
		dst += w;
		src += w;
		addr += w;
		len -= w;
	}
}

/*
 * Copy len bytes (within one page) between buf and the window at addr.
 * Callers keep buf as aligned as addr (a bounce page at the same page
 * offset), so that device accesses stay naturally aligned. Device memory
 * is mapped one page at a time for the duration of the copy: large
 * windows cost no vmalloc space.
 */
static int devmap_copy_page(const struct devmap_target *t, u64 addr,
			    void *bounce, size_t len, bool write)
{
	phys_addr_t page = addr & PAGE_MASK;
	size_t off = offset_in_page(addr);
	void __iomem *io;
	void *mem;

	if (t->kaddr) {
		mem = t->kaddr + (addr - t->range.base);
		if (write)
			memcpy(mem, bounce, len);
		else
			memcpy(bounce, mem, len);
		return 0;
	}

	if (t->cache == DEVMAP_CACHED) {
		mem = memremap(page, PAGE_SIZE, MEMREMAP_WB);
		if (!mem)
			return -ENOMEM;
		if (write)
			memcpy(mem + off, bounce, len);
		else
			memcpy(bounce, mem + off, len);
		memunmap(mem);
		return 0;
	}

	if (t->cache == DEVMAP_WC)
		io = ioremap_wc(page, PAGE_SIZE);
	else
		io = ioremap(page, PAGE_SIZE);
	if (!io)
		return -ENOMEM;
	if (write)
		devmap_io_write(io + off, bounce, addr, len);
	else
		devmap_io_read(bounce, io + off, addr, len);
	iounmap(io);
	return 0;
}

static ssize_t devmap_rw(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos, bool write)
{
	u64 addr = *ppos;
	struct devmap_target t;
	size_t done = 0;
	bool at_end;
	void *bounce;
	int ret;

	if (*ppos < 0)
		return -EINVAL;
	if (!count)
		return 0;

	ret = devmap_lookup(addr, &t, &at_end);
	if (ret) {
		/* Reading to the end of a window ends the file there. */
		if (at_end)
			return write ? -ENOSPC : 0;
		dev_info_ratelimited(devmap_dev(), "%s[%d]: %s at 0x%llx refused: not in a window\n",
				     current->comm, task_pid_nr(current),
				     write ? "write" : "read", addr);
		return ret;
	}
	count = min_t(u64, count, t.range.size - (addr - t.range.base));

	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (done < count) {
		size_t len = min_t(size_t, count - done,
				   PAGE_SIZE - offset_in_page(addr));

		size_t off = offset_in_page(addr);

		if (write && copy_from_user(bounce + off, ubuf + done, len)) {
			ret = -EFAULT;
			break;
		}
		ret = devmap_copy_page(&t, addr, bounce + off, len, write);
		if (ret)
			break;
		if (!write && copy_to_user(ubuf + done, bounce + off, len)) {
			ret = -EFAULT;
			break;
		}
		done += len;
		addr += len;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	free_page((unsigned long)bounce);

	*ppos += done;
	return done ? done : ret;
}

/*
 * Debuggers and /proc/PID/mem reach a mapped window through ->access:
 * get_user_pages() refuses VM_IO mappings. /dev/mem and UIO use
 * generic_access_phys(), which ioremaps and so refuses (and WARNs on)
 * RAM such as the buffer window; the window's own copy path serves every
 * kind, at the access widths that read() and write() use.
 */
static int devmap_vm_access(struct vm_area_struct *vma, unsigned long vaddr,
			    void *buf, int len, int write)
{
	u64 addr = ((u64)vma->vm_pgoff << PAGE_SHIFT) + (vaddr - vma->vm_start);
	struct devmap_target t;
	int done = 0, ret;

	if (len <= 0)
		return 0;
	ret = devmap_lookup(addr, &t, NULL);
	if (!ret)
		ret = devmap_check_access(&t.range, addr, len);
	if (ret)
		return ret;
	while (done < len) {
		size_t n = min_t(size_t, len - done,
				 PAGE_SIZE - offset_in_page(addr));

		ret = devmap_copy_page(&t, addr, buf + done, n, write);
		if (ret)
			return ret;
		done += n;
		addr += n;
	}
	return done;
}

static const struct vm_operations_struct devmap_vm_ops = {
	.access		= devmap_vm_access,
};

static ssize_t devmap_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	return devmap_rw(file, buf, count, ppos, false);
}

static ssize_t devmap_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	return devmap_rw(file, (char __user *)buf, count, ppos, true);
}

/* Positions are physical addresses: SEEK_END has no meaning. */
static loff_t devmap_llseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		if (check_add_overflow(file->f_pos, offset, &offset))
			return -EOVERFLOW;
		break;
	default:
		return -EINVAL;
	}
	if (offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

static const struct file_operations devmap_fops = {
	.owner		= THIS_MODULE,
	.llseek		= devmap_llseek,
	.read		= devmap_read,
	.write		= devmap_write,
#if DEVMAP_MMAP_PREPARE
	.mmap_prepare	= devmap_mmap_prepare,
#else
	.mmap		= devmap_mmap,
#endif
};

/* Device tree windows */

static int devmap_of_window(struct device *dev, struct devmap_range *r)
{
	struct device_node *np = dev->of_node;
	struct device_node *rnode;
	struct reserved_mem *rmem;
	struct resource res;
	int ret;

	rnode = of_parse_phandle(np, "memory-region", 0);
	if (!rnode) {
		ret = of_address_to_resource(np, 0, &res);
		if (ret) {
			dev_err(dev, "%pOF: needs reg or memory-region\n", np);
			return ret;
		}
		r->base = res.start;
		r->size = resource_size(&res);
		return 0;
	}

	rmem = IS_ENABLED(CONFIG_OF_RESERVED_MEM) ?
	       of_reserved_mem_lookup(rnode) : NULL;
	of_node_put(rnode);
	if (!rmem) {
		dev_err(dev, "%pOF: memory-region is not reserved memory\n", np);
		return -EINVAL;
	}
	r->base = rmem->base;
	r->size = rmem->size;
	return 0;
}

static int devmap_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	enum devmap_cache cache = DEVMAP_UNCACHED;
	struct devmap_window *win;
	const char *name = np->name;
	const char *mode;
	struct devmap_range r;
	int ret;

	of_property_read_string(np, "devmap,name", &name);
	if (!devmap_valid_name(name, strlen(name))) {
		dev_err(dev, "%pOF: bad window name '%s'\n", np, name);
		return -EINVAL;
	}
	if (!of_property_read_string(np, "devmap,mode", &mode) &&
	    devmap_parse_cache(mode, strlen(mode), &cache)) {
		dev_err(dev, "%pOF: bad devmap,mode '%s' (uncached, wc or cached)\n",
			np, mode);
		return -EINVAL;
	}

	ret = devmap_of_window(dev, &r);
	if (ret)
		return ret;

	/* Uncached access to memory the kernel maps cached is undefined. */
	if (cache != DEVMAP_CACHED &&
	    region_intersects(r.base, r.size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		dev_err(dev, "%pOF: %s window 0x%llx+0x%llx is mapped by the kernel: use no-map reserved memory\n",
			np, devmap_cache_name(cache), r.base, r.size);
		return -EINVAL;
	}

	win = devmap_new_window(name, r.base, r.size, cache, DEVMAP_SRC_DT);
	if (!win)
		return -ENOMEM;
	win->dev = dev;
	win->shared = of_property_read_bool(np, "devmap,shared");
	ret = devmap_add_window(win);
	if (ret)
		return ret;
	platform_set_drvdata(pdev, win);
	return 0;
}

static DEVMAP_REMOVE_RET devmap_remove(struct platform_device *pdev)
{
	devmap_remove_window(platform_get_drvdata(pdev));
	return DEVMAP_REMOVE_OK;
}

static const struct of_device_id devmap_of_match[] = {
	{ .compatible = "devmap,window" },
	{ }
};
MODULE_DEVICE_TABLE(of, devmap_of_match);

static struct platform_driver devmap_driver = {
	.probe		= devmap_probe,
	.remove		= devmap_remove,
	.driver		= {
		.name		= "devmap",
		.of_match_table	= devmap_of_match,
	},
};

/* Module parameters */

static int devmap_add_buffer(void)
{
	struct device *dev = devmap_dev();
	struct devmap_window *win;
	u64 size;
	int ret;

	if (!devmap_buffer_size)
		return 0;
	if (devmap_parse_number(devmap_buffer_size, strlen(devmap_buffer_size),
				&size)) {
		dev_err(dev, "devmap_buffer_size '%s' is not a size\n",
			devmap_buffer_size);
		return -EINVAL;
	}
	if (!size)
		return 0;
	if (!PAGE_ALIGNED(size) || size > (PAGE_SIZE << DEVMAP_MAX_ORDER)) {
		dev_err(dev, "devmap_buffer_size '%s' must be a multiple of 0x%lx up to 0x%lx\n",
			devmap_buffer_size, PAGE_SIZE,
			PAGE_SIZE << DEVMAP_MAX_ORDER);
		return -EINVAL;
	}

	/* Physically contiguous, so one window covers it. */
	devmap.buffer = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO |
					  __GFP_NOWARN);
	if (!devmap.buffer) {
		dev_err(dev, "devmap_buffer_size '%s': out of contiguous memory\n",
			devmap_buffer_size);
		return -ENOMEM;
	}
	devmap.buffer_size = size;

	win = devmap_new_window("buffer", virt_to_phys(devmap.buffer), size,
				DEVMAP_CACHED, DEVMAP_SRC_BUFFER);
	if (!win)
		return -ENOMEM;
	win->kaddr = devmap.buffer;
	ret = devmap_add_window(win);
	return ret;
}

static int devmap_add_param_windows(void)
{
	struct device *dev = devmap_dev();
	char *list, *cur, *spec;
	int ret = 0;

	if (!devmap_windows)
		return 0;
	list = kstrdup(devmap_windows, GFP_KERNEL);
	if (!list)
		return -ENOMEM;

	cur = list;
	while ((spec = strsep(&cur, ",")) != NULL) {
		struct devmap_parse_error err;
		struct devmap_window *win;
		struct devmap_spec s;

		if (!*spec)
			continue;
		ret = devmap_parse_spec(spec, strlen(spec), &s, &err);
		if (ret) {
			dev_err(dev, "devmap_windows entry '%s': %s '%.*s'\n",
				spec, err.what, (int)err.len, err.at);
			break;
		}
		win = devmap_new_window(s.name, s.range.base, s.range.size,
					s.cache, DEVMAP_SRC_PARAM);
		if (!win) {
			ret = -ENOMEM;
			break;
		}
		win->shared = s.shared;
		ret = devmap_add_window(win);
		if (ret)
			break;
	}
	kfree(list);
	return ret;
}

static void devmap_remove_all(void)
{
	struct devmap_window *win, *tmp;

	list_for_each_entry_safe(win, tmp, &devmap.windows, node)
		devmap_remove_window(win);
}

static int __init devmap_init(void)
{
	int ret;

	if (devmap_mode & ~0777) {
		pr_err("devmap_mode 0%o is not a file mode\n", devmap_mode);
		return -EINVAL;
	}
	devmap.misc.mode = devmap_mode;

	ret = misc_register(&devmap.misc);
	if (ret) {
		pr_err("cannot register /dev/map: %d\n", ret);
		return ret;
	}

	devmap.windows_kset = kset_create_and_add("windows", NULL,
						  &devmap_dev()->kobj);
	if (!devmap.windows_kset) {
		ret = -ENOMEM;
		goto err_misc;
	}

	ret = devmap_add_buffer();
	if (ret)
		goto err_windows;
	ret = devmap_add_param_windows();
	if (ret)
		goto err_windows;

	if (devmap_major) {
		/* One minor, 0: a static /dev has one node for it. */
		ret = __register_chrdev(devmap_major, 0, 1, "map", &devmap_fops);
		if (ret < 0) {
			dev_err(devmap_dev(), "devmap_major %u: cannot register: %d\n",
				devmap_major, ret);
			goto err_windows;
		}
		devmap.chrdev_registered = true;
	}

	ret = platform_driver_register(&devmap_driver);
	if (ret)
		goto err_chrdev;
	return 0;

err_chrdev:
	if (devmap.chrdev_registered)
		__unregister_chrdev(devmap_major, 0, 1, "map");
err_windows:
	devmap_remove_all();
	kset_unregister(devmap.windows_kset);
	if (devmap.buffer)
		free_pages_exact(devmap.buffer, devmap.buffer_size);
err_misc:
	misc_deregister(&devmap.misc);
	return ret;
}
module_init(devmap_init);

/*
 * Every mapping holds the file and the file holds this module, so the
 * buffer can only be freed here once no mapping is left.
 */
static void __exit devmap_exit(void)
{
	platform_driver_unregister(&devmap_driver);
	if (devmap.chrdev_registered)
		__unregister_chrdev(devmap_major, 0, 1, "map");
	devmap_remove_all();
	kset_unregister(devmap.windows_kset);
	misc_deregister(&devmap.misc);
	if (devmap.buffer)
		free_pages_exact(devmap.buffer, devmap.buffer_size);
}
module_exit(devmap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map physical memory windows to userspace through /dev/map");
