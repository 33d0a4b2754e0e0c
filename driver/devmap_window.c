// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap windows: the registry, claims in the resource tree, uevents and
 * sysfs (/sys/class/misc/map/windows/<name>/{phys,size,mode,source} and,
 * for buffers, {dma,dma_device,coherent,sync_for_cpu,sync_for_device}).
 *
 * See devmap_window.h for how a window's removal is serialized with its
 * users: the registry is an SRCU list, and removal revokes before it
 * releases.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/of_reserved_mem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "devmap_cdev.h"
#include "devmap_ioctl.h"
#include "devmap_window.h"

DEFINE_SRCU(devmap_srcu);

static DEFINE_MUTEX(devmap_windows_lock);	/* changes of the list below */
static LIST_HEAD(devmap_windows);
static struct kset *devmap_windows_kset;	/* windows/, sends uevents */

static const char * const devmap_source_names[] = {
	[DEVMAP_SRC_PARAM]	= "param",
	[DEVMAP_SRC_BUFFER]	= "buffer",
	[DEVMAP_SRC_DT]		= "dt",
	[DEVMAP_SRC_PCI]	= "pci",
};

static inline struct devmap_window *to_devmap_window(struct kobject *kobj)
{
	return container_of(kobj, struct devmap_window, kobj);
}

/* sysfs: phys, size, mode, source */

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

/*
 * Buffer windows: their DMA view and cache maintenance, as u-dma-buf.
 * kobject_del() of a removed window waits for these to return, and the
 * buffer is freed after it.
 */

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

/* "OFFSET LENGTH [DIRECTION]": offsets within the window, as u-dma-buf. */
static ssize_t devmap_sync_store(struct kobject *kobj, const char *buf,
				 size_t count, u32 op)
{
	struct devmap_window *win = to_devmap_window(kobj);
	enum dma_data_direction dma_dir;
	char dir[16] = "bidirectional";
	unsigned long long off, len;
	bool invalidates;
	int ret, idx;
	u32 d;

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
	idx = srcu_read_lock(&devmap_srcu);
	ret = -ENODEV;
	if (devmap_window_live(win))
		ret = devmap_buffer_check_sync(&win->range,
					       win->range.base + off, len, op,
					       d, &dma_dir, &invalidates);
	if (!ret)
		ret = devmap_buffer_sync(win->buf, off, len,
					 op == DEVMAP_SYNC_FOR_DEVICE, dma_dir);
	srcu_read_unlock(&devmap_srcu, idx);
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

/* The last reference: the window's memory and claim are gone already. */
static void devmap_window_release(struct kobject *kobj)
{
	struct devmap_window *win = to_devmap_window(kobj);

	devmap_win_irqs_release(&win->irqs);
	kfree(win);
}

static const struct kobj_type devmap_window_ktype = {
	.release	= devmap_window_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= devmap_window_all_groups,
};

/* Registry */

static int devmap_check_new(const struct devmap_window *win)
{
	struct device *dev = devmap_dev();
	const struct devmap_range *r = &win->range;
	struct devmap_window *other;
	int ret;

	lockdep_assert_held(&devmap_windows_lock);
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

	list_for_each_entry(other, &devmap_windows, node) {
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
 * Mappings are made page by page at fault time, where x86's PAT gives a
 * range the memory type reserved for it, or uncached. A write-combining
 * window reserves its type, as graphics drivers do for their apertures.
 */
static void devmap_memtype_reserve(struct devmap_window *win)
{
	if (win->buf || win->cache != DEVMAP_WC)
		return;
	if (arch_io_reserve_memtype_wc(win->range.base, win->range.size)) {
		dev_warn(devmap_dev(), "window %s: write-combining refused for 0x%llx+0x%llx (a conflicting memory type): the CPU maps it uncached\n",
			 win->name, win->range.base, win->range.size);
		return;
	}
	win->memtype_wc = true;
}

static void devmap_memtype_free(struct devmap_window *win)
{
	if (win->memtype_wc)
		arch_io_free_memtype_wc(win->range.base, win->range.size);
	win->memtype_wc = false;
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

struct devmap_window *devmap_window_new(const char *name, u64 base, u64 size,
					enum devmap_cache cache,
					enum devmap_source source)
{
	struct devmap_window *win;

	win = kzalloc(sizeof(*win), GFP_KERNEL);
	if (!win)
		return NULL;
	INIT_LIST_HEAD(&win->node);
	strscpy(win->name, name, sizeof(win->name));
	win->range.base = base;
	win->range.size = size;
	win->cache = cache;
	win->source = source;
	return win;
}

int devmap_window_add(struct devmap_window *win)
{
	int ret;

	mutex_lock(&devmap_windows_lock);
	ret = devmap_check_new(win);
	if (!ret)
		ret = devmap_claim(win);
	if (ret) {
		mutex_unlock(&devmap_windows_lock);
		if (win->buf)
			devmap_buffer_free(win->buf);
		devmap_win_irqs_release(&win->irqs);
		kfree(win);
		return ret;
	}
	win->kobj.kset = devmap_windows_kset;
	ret = kobject_init_and_add(&win->kobj, &devmap_window_ktype, NULL,
				   "%s", win->name);
	if (!ret)
		ret = devmap_win_irqs_sysfs_add(&win->irqs, &win->kobj);
	if (ret) {
		devmap_unclaim(win);
		mutex_unlock(&devmap_windows_lock);
		dev_err(devmap_dev(), "window %s: sysfs entry failed: %d\n",
			win->name, ret);
		/* Its interrupts/ entries hold it: they go first. */
		devmap_win_irqs_sysfs_del(&win->irqs);
		if (win->buf)
			devmap_buffer_free(win->buf);
		win->buf = NULL;
		kobject_put(&win->kobj);
		return ret;
	}
	devmap_memtype_reserve(win);
	list_add_tail_rcu(&win->node, &devmap_windows);
	mutex_unlock(&devmap_windows_lock);
	devmap_window_uevent(win, KOBJ_ADD);

	dev_info(devmap_dev(), "window %s: 0x%llx+0x%llx %s (%s)\n",
		 win->name, win->range.base, win->range.size,
		 devmap_cache_name(win->cache),
		 devmap_source_names[win->source]);
	return 0;
}

struct devmap_window *devmap_window_add_buffer(struct device *dev,
					       const char *name, u64 size,
					       enum devmap_cache cache,
					       enum devmap_source source,
					       bool rmem)
{
	struct devmap_buffer *buf;
	struct devmap_window *win;
	int ret;

	if (!size || !PAGE_ALIGNED(size)) {
		dev_err(devmap_dev(), "buffer %s: size 0x%llx must be a non-zero multiple of 0x%lx\n",
			name, size, PAGE_SIZE);
		if (rmem)
			of_reserved_mem_device_release(dev);
		return ERR_PTR(-EINVAL);
	}
	buf = devmap_buffer_alloc(dev, name, size, cache, rmem);
	if (IS_ERR(buf))
		return ERR_CAST(buf);
	win = devmap_window_new(name, buf->phys, size, cache, source);
	if (!win) {
		devmap_buffer_free(buf);
		return ERR_PTR(-ENOMEM);
	}
	win->buf = buf;
	if (source == DEVMAP_SRC_DT)
		win->dev = dev;
	ret = devmap_window_add(win);
	return ret ? ERR_PTR(ret) : win;
}

/*
 * Gone for everyone: no new access finds the window, the accesses in
 * progress end, every mapping of its range is zapped (a later touch gets
 * SIGBUS), and only then are its memory and its claim released. The
 * sysfs entry goes now too, whoever holds its files open, so that a
 * window of the same name can come back at once.
 */
void devmap_window_remove(struct devmap_window *win)
{
	mutex_lock(&devmap_windows_lock);
	list_del_rcu(&win->node);
	WRITE_ONCE(win->dead, true);
	mutex_unlock(&devmap_windows_lock);
	synchronize_srcu(&devmap_srcu);
	devmap_cdev_revoke(win->range.base, win->range.size);

	devmap_window_uevent(win, KOBJ_REMOVE);
	devmap_win_irqs_sysfs_del(&win->irqs);
	kobject_del(&win->kobj);

	mutex_lock(&devmap_windows_lock);
	devmap_unclaim(win);
	mutex_unlock(&devmap_windows_lock);
	devmap_memtype_free(win);
	if (win->buf)
		devmap_buffer_free(win->buf);
	win->buf = NULL;
	kobject_put(&win->kobj);
}

void devmap_windows_remove_all(void)
{
	struct devmap_window *win;

	for (;;) {
		mutex_lock(&devmap_windows_lock);
		win = list_first_entry_or_null(&devmap_windows,
					       struct devmap_window, node);
		mutex_unlock(&devmap_windows_lock);
		if (!win)
			break;
		devmap_window_remove(win);
	}
}

struct devmap_window *devmap_window_at(u64 addr, bool *at_end)
{
	struct devmap_window *win;

	if (at_end)
		*at_end = false;
	list_for_each_entry_srcu(win, &devmap_windows, node,
				 srcu_read_lock_held(&devmap_srcu)) {
		if (!devmap_window_live(win))
			continue;
		if (devmap_contains(&win->range, addr))
			return win;
		if (at_end && addr == win->range.base + win->range.size)
			*at_end = true;
	}
	return NULL;
}

struct devmap_irq_src *devmap_window_irq(const char *name, u32 index)
{
	struct devmap_irq_src *src = ERR_PTR(-ENOENT);
	struct devmap_window *win;

	mutex_lock(&devmap_windows_lock);
	list_for_each_entry(win, &devmap_windows, node) {
		if (strcmp(win->name, name))
			continue;
		src = ERR_PTR(-ENODEV);
		if (index < win->irqs.n) {
			src = win->irqs.src[index];
			devmap_irq_src_get(src);
		}
		break;
	}
	mutex_unlock(&devmap_windows_lock);
	return src;
}

int devmap_windows_init(struct device *parent)
{
	devmap_windows_kset = kset_create_and_add("windows", NULL,
						  &parent->kobj);
	return devmap_windows_kset ? 0 : -ENOMEM;
}

void devmap_windows_exit(void)
{
	devmap_windows_remove_all();
	kset_unregister(devmap_windows_kset);
	devmap_windows_kset = NULL;
}
