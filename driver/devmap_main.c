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
 * devmap_windows parameter, by buffers that the driver allocates for DMA
 * (devmap_buffers, devmap_buffer_size) or by device-tree nodes compatible
 * with "devmap,window" or "devmap,buffer". Each window carries its cache
 * mode. Windows are listed in /sys/class/misc/map/windows/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/dma-mapping.h>
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

#include "devmap_buffer.h"
#include "devmap_compat.h"
#include "devmap_ioctl.h"
#include "devmap_irq.h"
#include "devmap_range.h"

/* Every parameter is prefixed: phys_base and friends clash on some arches. */
static char *devmap_windows;
module_param(devmap_windows, charp, 0444);
MODULE_PARM_DESC(devmap_windows,
		 "Windows as name:base:size[:uncached|wc|cached], comma separated");

static char *devmap_buffer_size;
module_param(devmap_buffer_size, charp, 0444);
MODULE_PARM_DESC(devmap_buffer_size,
		 "Size of a cached buffer window named 'buffer' (e.g. 1M)");

static char *devmap_buffers;
module_param(devmap_buffers, charp, 0444);
MODULE_PARM_DESC(devmap_buffers,
		 "DMA buffers as name:size[:cached|uncached|wc], comma separated");

static char *devmap_dma_device;
module_param(devmap_dma_device, charp, 0444);
MODULE_PARM_DESC(devmap_dma_device,
		 "Device (e.g. PCI 0000:01:00.0) whose DMA view the devmap_buffers use");

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
	DEVMAP_SRC_PCI,
};

static const char * const devmap_source_names[] = {
	[DEVMAP_SRC_PARAM]	= "param",
	[DEVMAP_SRC_BUFFER]	= "buffer",
	[DEVMAP_SRC_DT]		= "dt",
	[DEVMAP_SRC_PCI]	= "pci",
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
	struct devmap_buffer *buf;	/* a buffer window's memory */
	struct device *dev;	/* the platform device of a DT window */
	struct resource *region;	/* its claim in the resource tree */
	struct resource buffer_res;	/* the claim of a buffer window */
	char res_name[DEVMAP_RES_NAME_MAX];
	struct devmap_win_irqs irqs;	/* its interrupt sources */
};

/*
 * The parts of a window that an access needs, copied under the lock; a
 * buffer is referenced until devmap_target_put().
 */
struct devmap_target {
	struct devmap_range range;
	enum devmap_cache cache;
	struct devmap_buffer *buf;
};

struct devmap_drvdata {
	struct mutex lock;	/* protects windows */
	struct list_head windows;
	struct kset *windows_kset;	/* windows/, sends each one's uevents */
	struct miscdevice misc;
	struct platform_device *dma_pdev;	/* default DMA view of buffers */
	struct device *dma_dev;		/* the DMA view of devmap_buffers */
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

static const struct attribute_group devmap_window_group = {
	.attrs		= devmap_window_attrs,
};

/* Buffer windows: their DMA view and cache maintenance, as u-dma-buf */

static ssize_t dma_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "0x%llx\n",
			  (u64)to_devmap_window(kobj)->buf->dma);
}

static ssize_t dma_device_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  dev_name(to_devmap_window(kobj)->buf->dev));
}

static ssize_t coherent_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%d\n", !to_devmap_window(kobj)->buf->streaming);
}

static int devmap_check_sync(const struct devmap_range *r, u64 addr, u64 len,
			     u32 op, u32 dir, enum dma_data_direction *dma_dir);

/* "OFFSET LENGTH [DIRECTION]": offsets within the window, as u-dma-buf. */
static ssize_t devmap_sync_store(struct kobject *kobj, const char *buf,
				 size_t count, u32 op)
{
	struct devmap_window *win = to_devmap_window(kobj);
	enum dma_data_direction dma_dir;
	char dir[16] = "bidirectional";
	unsigned long long off, len;
	u32 d;
	int ret;

	if (sscanf(buf, "%lli %lli %15s", &off, &len, dir) < 2)
		return -EINVAL;
	if (!strcmp(dir, "to-device"))
		d = DEVMAP_DIR_TO_DEVICE;
	else if (!strcmp(dir, "from-device"))
		d = DEVMAP_DIR_FROM_DEVICE;
	else if (!strcmp(dir, "bidirectional"))
		d = DEVMAP_DIR_BIDIRECTIONAL;
	else
		return -EINVAL;
	if (off >= win->range.size)
		return -ERANGE;
	ret = devmap_check_sync(&win->range, win->range.base + off, len, op, d,
				&dma_dir);
	if (!ret)
		ret = devmap_buffer_sync(win->buf, off, len,
					 op == DEVMAP_SYNC_FOR_DEVICE, dma_dir);
	return ret ? ret : count;
}

static ssize_t sync_for_cpu_store(struct kobject *kobj,
				  struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	return devmap_sync_store(kobj, buf, count, DEVMAP_SYNC_FOR_CPU);
}

static ssize_t sync_for_device_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	return devmap_sync_store(kobj, buf, count, DEVMAP_SYNC_FOR_DEVICE);
}

static struct kobj_attribute dma_attr = __ATTR_RO(dma);
static struct kobj_attribute dma_device_attr = __ATTR_RO(dma_device);
static struct kobj_attribute coherent_attr = __ATTR_RO(coherent);
static struct kobj_attribute sync_for_cpu_attr = __ATTR_WO(sync_for_cpu);
static struct kobj_attribute sync_for_device_attr = __ATTR_WO(sync_for_device);

static struct attribute *devmap_buffer_attrs[] = {
	&dma_attr.attr,
	&dma_device_attr.attr,
	&coherent_attr.attr,
	&sync_for_cpu_attr.attr,
	&sync_for_device_attr.attr,
	NULL,
};

static umode_t devmap_buffer_visible(struct kobject *kobj,
				     struct attribute *attr, int n)
{
	return to_devmap_window(kobj)->buf ? attr->mode : 0;
}

static const struct attribute_group devmap_buffer_group = {
	.attrs		= devmap_buffer_attrs,
	.is_visible	= devmap_buffer_visible,
};

static const struct attribute_group *devmap_window_all_groups[] = {
	&devmap_window_group,
	&devmap_buffer_group,
	NULL,
};

static void devmap_window_release(struct kobject *kobj)
{
	struct devmap_window *win = to_devmap_window(kobj);

	if (win->buf)
		devmap_buffer_put(win->buf);
	devmap_win_irqs_release(&win->irqs);
	kfree(win);
}

static const struct kobj_type devmap_window_ktype = {
	.release	= devmap_window_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= devmap_window_all_groups,
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

	if (win->buf) {
		/* RAM that we allocated: no driver can hold it, but show it. */
		win->buffer_res.start = r->base;
		win->buffer_res.end = r->base + r->size - 1;
		win->buffer_res.name = win->res_name;
		win->buffer_res.flags = IORESOURCE_MEM | IORESOURCE_BUSY;
		if (!insert_resource(&iomem_resource, &win->buffer_res)) {
			win->region = &win->buffer_res;
			return 0;
		}
		dev_err(dev, "window %s: 0x%llx+0x%llx cannot be shown in /proc/iomem\n",
			win->name, r->base, r->size);
		return -EBUSY;
	}

	switch (win->source) {
	case DEVMAP_SRC_BUFFER:
		break;
	case DEVMAP_SRC_PCI:
		/* The PCI binding claimed the BAR (pci_request_region). */
		return 0;
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
	if (win->buf)
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
		if (win->buf)
			devmap_buffer_put(win->buf);
		devmap_win_irqs_release(&win->irqs);
		kfree(win);
		return ret;
	}
	win->kobj.kset = devmap.windows_kset;
	ret = kobject_init_and_add(&win->kobj, &devmap_window_ktype, NULL,
				   "%s", win->name);
	if (!ret)
		ret = devmap_win_irqs_sysfs_add(&win->irqs, &win->kobj);
	if (ret) {
		devmap_unclaim(win);
		mutex_unlock(&devmap.lock);
		dev_err(devmap_dev(), "window %s: sysfs entry failed: %d\n",
			win->name, ret);
		/* Its interrupts/ entries hold it: they go first. */
		devmap_win_irqs_sysfs_del(&win->irqs);
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
	devmap_win_irqs_sysfs_del(&win->irqs);
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
 * A BAR window of a PCI device bound to devmap, listing srcs as its
 * interrupts. The caller claimed the BAR.
 */
struct devmap_window *devmap_add_pci_window(struct device *dev,
					    const char *name, u64 base,
					    u64 size, enum devmap_cache cache,
					    struct devmap_irq_src **srcs,
					    unsigned int nsrc)
{
	struct devmap_window *win;
	int ret;

	win = devmap_new_window(name, base, size, cache, DEVMAP_SRC_PCI);
	if (!win)
		return ERR_PTR(-ENOMEM);
	win->dev = dev;
	ret = devmap_win_irqs_init(&win->irqs, srcs, nsrc);
	if (!ret)
		ret = devmap_add_window(win);
	else
		kfree(win);
	return ret ? ERR_PTR(ret) : win;
}

void devmap_remove_pci_window(struct devmap_window *win)
{
	devmap_remove_window(win);
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

	t->buf = NULL;
	if (at_end)
		*at_end = false;
	mutex_lock(&devmap.lock);
	list_for_each_entry(win, &devmap.windows, node) {
		if (devmap_contains(&win->range, addr)) {
			t->range = win->range;
			t->cache = win->cache;
			t->buf = win->buf;
			if (t->buf)
				devmap_buffer_get(t->buf);
			ret = 0;
			break;
		}
		if (at_end && addr == win->range.base + win->range.size)
			*at_end = true;
	}
	mutex_unlock(&devmap.lock);
	return ret;
}

static void devmap_target_put(struct devmap_target *t)
{
	if (t->buf)
		devmap_buffer_put(t->buf);
	t->buf = NULL;
}

/* File operations */

/*
 * May this mapping be made? Both mmap hooks ask: the descriptor of
 * f_op->mmap_prepare and the VMA of f_op->mmap carry the same facts.
 * Fills t with the window on success, holding its buffer.
 */
static int devmap_mmap_check(u64 offset, unsigned long pgoff, u64 size,
			     bool shared, bool exec, struct devmap_target *t)
{
	int ret;

	t->buf = NULL;
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
	devmap_target_put(t);

refuse:
	dev_info_ratelimited(devmap_dev(), "%s[%d]: mmap 0x%llx+0x%llx refused: %d\n",
			     current->comm, task_pid_nr(current), offset, size,
			     ret);
	return ret;
}

static pgprot_t devmap_pgprot(const struct devmap_target *t, pgprot_t prot)
{
	if (t->buf)
		return devmap_buffer_pgprot(t->buf, prot);

	switch (t->cache) {
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

	desc->page_prot = devmap_pgprot(&t, desc->page_prot);
	/* Fixed size, not in core dumps, not executable later either. */
	vma_desc_set_flags(desc, VMA_IO_BIT, VMA_DONTEXPAND_BIT,
			   VMA_DONTDUMP_BIT);
	vma_desc_clear_flags(desc, VMA_MAYEXEC_BIT);
	desc->vm_ops = &devmap_vm_ops;
	/*
	 * The mapping keeps a buffer alive (->close drops it). Should the
	 * VMA fail to be made after this, the reference stays: a buffer
	 * kept too long, never one freed under a mapping.
	 */
	desc->private_data = t.buf;
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

	vma->vm_page_prot = devmap_pgprot(&t, vma->vm_page_prot);
	/* Fixed size, not in core dumps, not executable later either. */
	devmap_vm_flags_mod(vma, VM_IO | VM_DONTEXPAND | VM_DONTDUMP,
			    VM_MAYEXEC);

	if (remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size,
			    vma->vm_page_prot)) {
		devmap_target_put(&t);
		return -EAGAIN;
	}
	/* The mapping keeps a buffer alive: ->close drops it. */
	vma->vm_private_data = t.buf;
	vma->vm_ops = &devmap_vm_ops;
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

	if (t->buf) {
		mem = t->buf->vaddr + (addr - t->range.base);
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
	if (!bounce) {
		devmap_target_put(&t);
		return -ENOMEM;
	}

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
	devmap_target_put(&t);

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
	while (!ret && done < len) {
		size_t n = min_t(size_t, len - done,
				 PAGE_SIZE - offset_in_page(addr));

		ret = devmap_copy_page(&t, addr, buf + done, n, write);
		done += n;
		addr += n;
	}
	devmap_target_put(&t);
	return ret ? ret : done;
}

/* A split or a fork makes another mapping of the same buffer. */
static void devmap_vm_open(struct vm_area_struct *vma)
{
	if (vma->vm_private_data)
		devmap_buffer_get(vma->vm_private_data);
}

static void devmap_vm_close(struct vm_area_struct *vma)
{
	if (vma->vm_private_data)
		devmap_buffer_put(vma->vm_private_data);
}

static const struct vm_operations_struct devmap_vm_ops = {
	.open		= devmap_vm_open,
	.close		= devmap_vm_close,
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

/*
 * May [addr, addr + len) of window r be synced with op and dir? Gives
 * the DMA API's direction.
 */
static int devmap_check_sync(const struct devmap_range *r, u64 addr, u64 len,
			     u32 op, u32 dir, enum dma_data_direction *dma_dir)
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
	return devmap_check_access(r, addr, len);
}

static long devmap_ioctl_sync(void __user *arg)
{
	enum dma_data_direction dma_dir;
	struct devmap_target t;
	struct devmap_sync s;
	int ret;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (!s.len)
		return -EINVAL;
	ret = devmap_lookup(s.addr, &t, NULL);
	if (ret) {
		if (s.addr + (s.len - 1) < s.addr)
			return -EOVERFLOW;
		return ret;
	}
	ret = devmap_check_sync(&t.range, s.addr, s.len, s.op, s.dir,
				&dma_dir);
	if (!ret && t.buf)
		ret = devmap_buffer_sync(t.buf, s.addr - t.range.base, s.len,
					 s.op == DEVMAP_SYNC_FOR_DEVICE,
					 dma_dir);
	else if (!ret && t.cache == DEVMAP_CACHED)
		/* No DMA handle for it: say so rather than pretend. */
		ret = -EOPNOTSUPP;
	devmap_target_put(&t);
	return ret;
}

/* A handle on interrupt o.index of window o.window (devmap_irq.c). */
static long devmap_ioctl_irq_open(void __user *arg)
{
	struct devmap_irq_src *src = NULL;
	struct devmap_irq_open o;
	struct devmap_window *win;
	int ret = -ENOENT;

	if (copy_from_user(&o, arg, sizeof(o)))
		return -EFAULT;
	if ((o.flags & ~(O_CLOEXEC | O_NONBLOCK)) ||
	    !memchr(o.window, '\0', sizeof(o.window)))
		return -EINVAL;
	mutex_lock(&devmap.lock);
	list_for_each_entry(win, &devmap.windows, node) {
		if (strcmp(win->name, o.window))
			continue;
		ret = -ENODEV;
		if (o.index < win->irqs.n) {
			src = win->irqs.src[o.index];
			devmap_irq_src_get(src);
			ret = 0;
		}
		break;
	}
	mutex_unlock(&devmap.lock);
	if (ret)
		return ret;
	ret = devmap_irq_handle_open(src, o.window, o.index, o.flags);
	devmap_irq_src_put(src);
	return ret;
}

static long devmap_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	switch (cmd) {
	case DEVMAP_IOC_SYNC:
		return devmap_ioctl_sync((void __user *)arg);
	case DEVMAP_IOC_IRQ_OPEN:
		return devmap_ioctl_irq_open((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations devmap_fops = {
	.owner		= THIS_MODULE,
	.llseek		= devmap_llseek,
	.read		= devmap_read,
	.write		= devmap_write,
	.unlocked_ioctl	= devmap_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
#if DEVMAP_MMAP_PREPARE
	.mmap_prepare	= devmap_mmap_prepare,
#else
	.mmap		= devmap_mmap,
#endif
};

/* Buffer windows */

/*
 * A buffer window of size bytes for dev's DMA view. Takes the buffer's
 * reference: on error everything is freed.
 */
static int devmap_add_buffer_window(struct device *dev, const char *name,
				    u64 size, enum devmap_cache cache,
				    enum devmap_source source, bool rmem)
{
	struct devmap_buffer *buf;
	struct devmap_window *win;
	int ret;

	if (!size || !PAGE_ALIGNED(size)) {
		dev_err(devmap_dev(), "buffer %s: size 0x%llx must be a non-zero multiple of 0x%lx\n",
			name, size, PAGE_SIZE);
		if (rmem)
			of_reserved_mem_device_release(dev);
		return -EINVAL;
	}
	buf = devmap_buffer_alloc(dev, name, size, cache, rmem);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	win = devmap_new_window(name, buf->phys, size, cache, source);
	if (!win) {
		devmap_buffer_put(buf);
		return -ENOMEM;
	}
	win->buf = buf;
	if (source == DEVMAP_SRC_DT)
		win->dev = dev;
	ret = devmap_add_window(win);
	if (!ret && source == DEVMAP_SRC_DT)
		dev_set_drvdata(dev, win);
	return ret;
}

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

/* A "devmap,buffer" node: memory for its device's view, from CMA or its pool. */
static int devmap_probe_buffer(struct device *dev, const char *name,
			       enum devmap_cache cache)
{
	struct device_node *np = dev->of_node;
	bool rmem = false;
	u32 size32;
	u64 size;
	int ret;

	if (of_property_read_u64(np, "size", &size)) {
		if (of_property_read_u32(np, "size", &size32)) {
			dev_err(dev, "%pOF: needs a size\n", np);
			return -EINVAL;
		}
		size = size32;
	}
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "%pOF: no usable DMA mask: %d\n", np, ret);
		return ret;
	}
	if (of_find_property(np, "memory-region", NULL)) {
		ret = of_reserved_mem_device_init(dev);
		if (ret) {
			dev_err(dev, "%pOF: memory-region is not a shared-dma-pool for it: %d\n",
				np, ret);
			return ret;
		}
		rmem = true;
	}
	return devmap_add_buffer_window(dev, name, size, cache, DEVMAP_SRC_DT,
					rmem);
}

/*
 * The node's interrupts, requested (masked until a handle opens). Fills
 * srcs[0..*n); the caller ends each with devmap_irq_src_gone().
 */
static int devmap_of_irqs(struct platform_device *pdev, const char *name,
			  struct devmap_irq_src ***srcs, unsigned int *n)
{
	char src_name[DEVMAP_NAME_MAX + 12];
	int count, i, irq;

	*srcs = NULL;
	*n = 0;
	count = platform_irq_count(pdev);
	if (count <= 0)
		return count;
	*srcs = kcalloc(count, sizeof(**srcs), GFP_KERNEL);
	if (!*srcs)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		struct devmap_irq_src *src;

		irq = platform_get_irq(pdev, i);
		if (irq < 0)
			return irq;
		snprintf(src_name, sizeof(src_name), "%s:%d", name, i);
		src = devmap_irq_src_request(irq, DEVMAP_IRQ_DT, NULL, src_name);
		if (IS_ERR(src)) {
			dev_err(&pdev->dev, "%pOF: interrupt %d (irq %d) cannot be requested: %ld\n",
				pdev->dev.of_node, i, irq, PTR_ERR(src));
			return PTR_ERR(src);
		}
		(*srcs)[(*n)++] = src;
	}
	return 0;
}

static void devmap_of_irqs_gone(struct devmap_irq_src **srcs, unsigned int n)
{
	while (n)
		devmap_irq_src_gone(srcs[--n]);
	kfree(srcs);
}

/* A "devmap,window" node: reg or reserved memory, and interrupts. */
static int devmap_probe_window(struct device *dev, const char *name,
			       enum devmap_cache cache)
{
	struct device_node *np = dev->of_node;
	struct devmap_irq_src **srcs;
	struct devmap_window *win;
	struct devmap_range r;
	unsigned int nsrc;
	int ret;

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

	ret = devmap_of_irqs(to_platform_device(dev), name, &srcs, &nsrc);
	if (ret)
		goto err_irqs;
	win = devmap_new_window(name, r.base, r.size, cache, DEVMAP_SRC_DT);
	if (!win) {
		ret = -ENOMEM;
		goto err_irqs;
	}
	win->dev = dev;
	win->shared = of_property_read_bool(np, "devmap,shared");
	ret = devmap_win_irqs_init(&win->irqs, srcs, nsrc);
	if (ret) {
		kfree(win);
		goto err_irqs;
	}
	ret = devmap_add_window(win);
	if (ret)
		goto err_irqs;
	/* The window holds its own references: the device's go at remove. */
	kfree(srcs);
	platform_set_drvdata(to_platform_device(dev), win);
	return 0;

err_irqs:
	devmap_of_irqs_gone(srcs, nsrc);
	return ret;
}

static int devmap_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	bool buffer = of_device_is_compatible(np, "devmap,buffer");
	enum devmap_cache cache = buffer ? DEVMAP_CACHED : DEVMAP_UNCACHED;
	const char *name = np->name;
	const char *mode;

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
	if (buffer)
		return devmap_probe_buffer(dev, name, cache);
	return devmap_probe_window(dev, name, cache);
}

static DEVMAP_REMOVE_RET devmap_remove(struct platform_device *pdev)
{
	struct devmap_window *win = platform_get_drvdata(pdev);
	unsigned int i;

	/* Free the lines and wake the waiters (EIO) before the window goes. */
	for (i = 0; i < win->irqs.n; i++)
		devmap_irq_src_gone(win->irqs.src[i]);
	devmap_remove_window(win);
	return DEVMAP_REMOVE_OK;
}

static const struct of_device_id devmap_of_match[] = {
	{ .compatible = "devmap,window" },
	{ .compatible = "devmap,buffer" },
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

/* devmap_buffer_size: one cached buffer named "buffer", as before. */
static int devmap_add_buffer(void)
{
	u64 size;
	int ret;

	if (!devmap_buffer_size)
		return 0;
	if (devmap_parse_number(devmap_buffer_size, strlen(devmap_buffer_size),
				&size)) {
		dev_err(devmap_dev(), "devmap_buffer_size '%s' is not a size\n",
			devmap_buffer_size);
		return -EINVAL;
	}
	if (!size)
		return 0;
	if (!PAGE_ALIGNED(size)) {
		dev_err(devmap_dev(), "devmap_buffer_size '%s' must be a multiple of 0x%lx\n",
			devmap_buffer_size, PAGE_SIZE);
		return -EINVAL;
	}
	ret = devmap_add_buffer_window(devmap.dma_dev, "buffer", size,
				       DEVMAP_CACHED, DEVMAP_SRC_BUFFER, false);
	if (ret)
		dev_err(devmap_dev(), "devmap_buffer_size '%s' refused\n",
			devmap_buffer_size);
	return ret;
}

static int devmap_add_param_buffers(void)
{
	char *list, *cur, *spec;
	int ret = 0;

	if (!devmap_buffers)
		return 0;
	list = kstrdup(devmap_buffers, GFP_KERNEL);
	if (!list)
		return -ENOMEM;

	cur = list;
	while ((spec = strsep(&cur, ",")) != NULL) {
		struct devmap_parse_error err;
		struct devmap_buffer_spec s;

		if (!*spec)
			continue;
		ret = devmap_parse_buffer_spec(spec, strlen(spec), &s, &err);
		if (ret) {
			dev_err(devmap_dev(), "devmap_buffers entry '%s': %s '%.*s'\n",
				spec, err.what, (int)err.len, err.at);
			break;
		}
		ret = devmap_add_buffer_window(devmap.dma_dev, s.name, s.size,
					       s.cache, DEVMAP_SRC_BUFFER,
					       false);
		if (ret) {
			dev_err(devmap_dev(), "devmap_buffers entry '%s' refused\n",
				spec);
			break;
		}
	}
	kfree(list);
	return ret;
}

/*
 * The device whose view of memory the parameter buffers take: one named
 * by devmap_dma_device (a PCI or platform device: its DMA mask, IOMMU and
 * dma-ranges apply), else a platform device of devmap's own.
 */
static int devmap_setup_dma_dev(void)
{
	struct platform_device_info info = {
		.name		= "devmap-dma",
		.id		= PLATFORM_DEVID_NONE,
		.dma_mask	= DMA_BIT_MASK(64),
	};
	struct device *dev = NULL;

	if (devmap_dma_device) {
		dev = devmap_pci_find_device(devmap_dma_device);
		if (!dev)
			dev = bus_find_device_by_name(&platform_bus_type, NULL,
						      devmap_dma_device);
		if (!dev) {
			dev_err(devmap_dev(), "devmap_dma_device '%s': no such PCI or platform device\n",
				devmap_dma_device);
			return -ENODEV;
		}
		devmap.dma_dev = dev;
		return 0;
	}
	if (!devmap_buffers && !devmap_buffer_size)
		return 0;
	devmap.dma_pdev = platform_device_register_full(&info);
	if (IS_ERR(devmap.dma_pdev)) {
		int ret = PTR_ERR(devmap.dma_pdev);

		devmap.dma_pdev = NULL;
		dev_err(devmap_dev(), "cannot register the devmap-dma device: %d\n",
			ret);
		return ret;
	}
	devmap.dma_dev = get_device(&devmap.dma_pdev->dev);
	return 0;
}

static void devmap_release_dma_dev(void)
{
	if (devmap.dma_dev)
		put_device(devmap.dma_dev);
	devmap.dma_dev = NULL;
	if (devmap.dma_pdev)
		platform_device_unregister(devmap.dma_pdev);
	devmap.dma_pdev = NULL;
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

	ret = devmap_setup_dma_dev();
	if (ret)
		goto err_windows;
	ret = devmap_add_buffer();
	if (ret)
		goto err_windows;
	ret = devmap_add_param_buffers();
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
	ret = devmap_pci_init();
	if (ret)
		goto err_platform;
	return 0;

err_platform:
	platform_driver_unregister(&devmap_driver);
err_chrdev:
	if (devmap.chrdev_registered)
		__unregister_chrdev(devmap_major, 0, 1, "map");
err_windows:
	devmap_remove_all();
	devmap_release_dma_dev();
	kset_unregister(devmap.windows_kset);
err_misc:
	misc_deregister(&devmap.misc);
	return ret;
}
module_init(devmap_init);

/*
 * Every mapping holds the file and the file holds this module, so no
 * mapping is left here; each also holds its buffer (DT buffers can go
 * while mapped: their memory goes with the last mapping).
 */
static void __exit devmap_exit(void)
{
	devmap_pci_exit();
	platform_driver_unregister(&devmap_driver);
	if (devmap.chrdev_registered)
		__unregister_chrdev(devmap_major, 0, 1, "map");
	devmap_remove_all();
	devmap_release_dma_dev();
	kset_unregister(devmap.windows_kset);
	misc_deregister(&devmap.misc);
}
module_exit(devmap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map physical memory windows to userspace through /dev/map");
