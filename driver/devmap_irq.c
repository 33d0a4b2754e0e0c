// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: interrupts of windows, for userspace.
 *
 * A source is one Linux irq of a window (a device-tree interrupt, a PCI
 * device's MSI-X or MSI vector or its INTx line). It counts its events
 * and wakes its waiters. Userspace waits through a handle, an anon inode
 * from DEVMAP_IOC_IRQ_OPEN, with UIO's semantics: read() blocks and
 * returns the total count, poll() is the wait with a timeout, write()
 * masks (0) or unmasks (1). A handle rather than eventfds: a count that
 * shows missed interrupts, a re-enable step for level lines and an error
 * when the device goes, which an eventfd cannot give (it only sums).
 *
 * Level-triggered sources are masked by the handler at each interrupt
 * (the device still asserts the line until userspace acknowledges it),
 * edge-triggered ones never are. Every source starts masked and is
 * unmasked when its first handle opens. The mask state and the line's
 * disable depth change together, under the source's lock, in the
 * handler and in write(): a line that fires in between always finds
 * them agreeing, so it cannot storm.
 *
 * A handle has the access mode of the /dev/map descriptor it came from:
 * a read-only one can wait but not mask (the VFS refuses its write()).
 */
#include <linux/anon_inodes.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "devmap_irq.h"
#include "devmap_pci.h"

/* "devmap:<window or PCI device>:<index>", its name in /proc/interrupts */
#define DEVMAP_IRQ_NAME_MAX	(sizeof("devmap:") + DEVMAP_NAME_MAX + 12)

struct devmap_irq_src {
	struct kref ref;
	spinlock_t lock;	/* count, masked, opened, gone; the line's mask */
	wait_queue_head_t wq;
	unsigned int irq;
	enum devmap_irq_kind kind;
	bool level;
	struct pci_dev *pdev;	/* INTx: its command register masks the line */
	u32 count;
	bool masked;
	bool opened;		/* a handle opened once: the initial mask is off */
	bool requested;
	bool gone;
	char name[DEVMAP_IRQ_NAME_MAX];
};

static const char * const devmap_irq_kind_names[] = {
	[DEVMAP_IRQ_DT]		= "dt",
	[DEVMAP_IRQ_MSIX]	= "msi-x",
	[DEVMAP_IRQ_MSI]	= "msi",
	[DEVMAP_IRQ_INTX]	= "intx",
};

static irqreturn_t devmap_irq_handler(int irq, void *data)
{
	struct devmap_irq_src *src = data;
	unsigned long flags;

	spin_lock_irqsave(&src->lock, flags);
	/* A shared INTx line: is it ours? Masks the device's INTx if so. */
	if (src->kind == DEVMAP_IRQ_INTX &&
	    !devmap_pci_check_and_mask_intx(src->pdev)) {
		spin_unlock_irqrestore(&src->lock, flags);
		return IRQ_NONE;
	}
	src->count++;
	if (src->level && !src->masked) {
		/* Until userspace acknowledges the device and writes 1. */
		src->masked = true;
		if (src->kind != DEVMAP_IRQ_INTX)
			disable_irq_nosync(irq);
	}
	spin_unlock_irqrestore(&src->lock, flags);
	wake_up_all(&src->wq);
	return IRQ_HANDLED;
}

struct devmap_irq_src *devmap_irq_src_request(unsigned int irq,
					      enum devmap_irq_kind kind,
					      struct pci_dev *pdev,
					      const char *name)
{
	struct devmap_irq_src *src;
	unsigned long flags = IRQF_NO_AUTOEN;
	int ret;

	src = kzalloc(sizeof(*src), GFP_KERNEL);
	if (!src)
		return ERR_PTR(-ENOMEM);
	kref_init(&src->ref);
	spin_lock_init(&src->lock);
	init_waitqueue_head(&src->wq);
	src->irq = irq;
	src->kind = kind;
	src->pdev = pdev;
	src->masked = true;
	snprintf(src->name, sizeof(src->name), "devmap:%s", name);
	switch (kind) {
	case DEVMAP_IRQ_DT:
		/*
		 * Only an edge is safe to leave unmasked: a line whose type
		 * the device tree left open may be a level, and an asserted
		 * level never masked would storm.
		 */
		src->level = !(irq_get_trigger_type(irq) & IRQ_TYPE_EDGE_BOTH);
		break;
	case DEVMAP_IRQ_MSIX:
	case DEVMAP_IRQ_MSI:
		break;
	case DEVMAP_IRQ_INTX:
		/* Shared lines cannot start disabled: the device's bit can. */
		src->level = true;
		devmap_pci_intx_enable(pdev, false);
		flags = IRQF_SHARED;
		break;
	}
	ret = request_irq(irq, devmap_irq_handler, flags, src->name, src);
	if (ret) {
		kfree(src);
		return ERR_PTR(ret);
	}
	src->requested = true;
	return src;
}

static void devmap_irq_src_release(struct kref *ref)
{
	kfree(container_of(ref, struct devmap_irq_src, ref));
}

void devmap_irq_src_get(struct devmap_irq_src *src)
{
	kref_get(&src->ref);
}

void devmap_irq_src_put(struct devmap_irq_src *src)
{
	kref_put(&src->ref, devmap_irq_src_release);
}

/*
 * Mask or unmask the line, under the source's lock (the handler's too):
 * one disable per masked state, so that the irq's disable depth stays
 * balanced with the handler's, and never a moment where the state says
 * masked and the line is not, or the reverse.
 */
static void devmap_irq_set_masked_locked(struct devmap_irq_src *src,
					 bool mask)
{
	lockdep_assert_held(&src->lock);
	if (src->gone || src->masked == mask)
		return;
	src->masked = mask;
	if (src->kind == DEVMAP_IRQ_INTX)
		devmap_pci_intx_enable(src->pdev, !mask);
	else if (mask)
		disable_irq_nosync(src->irq);
	else
		enable_irq(src->irq);
}

void devmap_irq_src_gone(struct devmap_irq_src *src)
{
	spin_lock_irq(&src->lock);
	src->gone = true;
	spin_unlock_irq(&src->lock);
	if (src->requested)
		free_irq(src->irq, src);
	src->requested = false;
	wake_up_all(&src->wq);
	devmap_irq_src_put(src);
}

/* Handles */

/*
 * One per open file description: dup(), fork() and SCM_RIGHTS share it,
 * and it ends with the last of their descriptors, like any file.
 */
struct devmap_irq_handle {
	struct devmap_irq_src *src;
	u32 seen;		/* the count last reported, or at open */
};

/* 0 and the count when there is news, else the errno read returns. */
static int devmap_irq_news(struct devmap_irq_handle *h, u32 *count)
{
	struct devmap_irq_src *src = h->src;

	if (READ_ONCE(src->gone))
		return -EIO;
	*count = READ_ONCE(src->count);
	return *count != READ_ONCE(h->seen) ? 0 : -EAGAIN;
}

static ssize_t devmap_irq_read(struct file *file, char __user *buf,
			       size_t len, loff_t *ppos)
{
	struct devmap_irq_handle *h = file->private_data;
	struct devmap_irq_src *src = h->src;
	u32 count = 0;
	int ret;

	if (len != sizeof(u32))
		return -EINVAL;
	for (;;) {
		/* Several readers of one handle: one of them gets the news. */
		spin_lock_irq(&src->lock);
		ret = devmap_irq_news(h, &count);
		if (!ret)
			h->seen = count;
		spin_unlock_irq(&src->lock);
		if (ret != -EAGAIN)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(src->wq,
					       devmap_irq_news(h, &count) != -EAGAIN);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (copy_to_user(buf, &count, sizeof(count)))
		return -EFAULT;
	return sizeof(count);
}

static ssize_t devmap_irq_write(struct file *file, const char __user *buf,
				size_t len, loff_t *ppos)
{
	struct devmap_irq_handle *h = file->private_data;
	struct devmap_irq_src *src = h->src;
	int ret = sizeof(u32);
	u32 v;

	if (len != sizeof(v))
		return -EINVAL;
	if (copy_from_user(&v, buf, sizeof(v)))
		return -EFAULT;
	if (v > 1)
		return -EINVAL;
	spin_lock_irq(&src->lock);
	if (src->gone)
		ret = -EIO;
	else
		devmap_irq_set_masked_locked(src, !v);
	spin_unlock_irq(&src->lock);
	return ret;
}

static __poll_t devmap_irq_poll(struct file *file, poll_table *wait)
{
	struct devmap_irq_handle *h = file->private_data;
	u32 count;
	int ret;

	poll_wait(file, &h->src->wq, wait);
	ret = devmap_irq_news(h, &count);
	if (!ret)
		return EPOLLIN | EPOLLRDNORM;
	if (ret != -EAGAIN)
		return EPOLLERR | EPOLLHUP;
	return 0;
}

static int devmap_irq_release(struct inode *inode, struct file *file)
{
	struct devmap_irq_handle *h = file->private_data;

	devmap_irq_src_put(h->src);
	kfree(h);
	return 0;
}

/* The owner holds the module while a handle is open: rmmod fails. */
static const struct file_operations devmap_irq_fops = {
	.owner		= THIS_MODULE,
	.read		= devmap_irq_read,
	.write		= devmap_irq_write,
	.poll		= devmap_irq_poll,
	.release	= devmap_irq_release,
};

int devmap_irq_handle_open(struct devmap_irq_src *src, const char *window,
			   u32 index, u32 flags, bool writable)
{
	char name[sizeof("devmap-irq::") + DEVMAP_NAME_MAX + 10];
	struct devmap_irq_handle *h;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	devmap_irq_src_get(src);
	h->src = src;
	spin_lock_irq(&src->lock);
	h->seen = src->count;
	spin_unlock_irq(&src->lock);

	snprintf(name, sizeof(name), "devmap-irq:%s:%u", window, index);
	fd = anon_inode_getfd(name, &devmap_irq_fops, h,
			      (writable ? O_RDWR : O_RDONLY) | flags);
	if (fd < 0) {
		devmap_irq_src_put(src);
		kfree(h);
		return fd;
	}

	/* Waiting needs the line: the first handle lifts the initial mask. */
	spin_lock_irq(&src->lock);
	if (!src->opened) {
		src->opened = true;
		devmap_irq_set_masked_locked(src, false);
	}
	spin_unlock_irq(&src->lock);
	return fd;
}

/* sysfs: windows/<window>/interrupts/<index>/{irq,source,trigger,count,masked} */

struct devmap_irq_entry {
	struct kobject kobj;
	struct devmap_irq_src *src;
};

static struct devmap_irq_src *to_src(struct kobject *kobj)
{
	return container_of(kobj, struct devmap_irq_entry, kobj)->src;
}

static ssize_t irq_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%u\n", to_src(kobj)->irq);
}

static ssize_t source_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", devmap_irq_kind_names[to_src(kobj)->kind]);
}

static ssize_t trigger_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_src(kobj)->level ? "level" : "edge");
}

static ssize_t count_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_src(kobj)->count));
}

static ssize_t masked_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_src(kobj)->masked));
}

static struct kobj_attribute irq_attr = __ATTR_RO(irq);
static struct kobj_attribute source_attr = __ATTR_RO(source);
static struct kobj_attribute trigger_attr = __ATTR_RO(trigger);
static struct kobj_attribute count_attr = __ATTR_RO(count);
static struct kobj_attribute masked_attr = __ATTR_RO(masked);

static struct attribute *devmap_irq_attrs[] = {
	&irq_attr.attr,
	&source_attr.attr,
	&trigger_attr.attr,
	&count_attr.attr,
	&masked_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(devmap_irq);

static void devmap_irq_entry_release(struct kobject *kobj)
{
	struct devmap_irq_entry *e =
		container_of(kobj, struct devmap_irq_entry, kobj);

	devmap_irq_src_put(e->src);
	kfree(e);
}

static const struct kobj_type devmap_irq_ktype = {
	.release	= devmap_irq_entry_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= devmap_irq_groups,
};

int devmap_win_irqs_init(struct devmap_win_irqs *wi,
			 struct devmap_irq_src **srcs, unsigned int n)
{
	unsigned int i;

	memset(wi, 0, sizeof(*wi));
	if (!n)
		return 0;
	wi->src = kcalloc(n, sizeof(*wi->src), GFP_KERNEL);
	wi->entries = kcalloc(n, sizeof(*wi->entries), GFP_KERNEL);
	if (!wi->src || !wi->entries) {
		kfree(wi->src);
		kfree(wi->entries);
		wi->src = NULL;
		wi->entries = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		devmap_irq_src_get(srcs[i]);
		wi->src[i] = srcs[i];
	}
	wi->n = n;
	return 0;
}

int devmap_win_irqs_sysfs_add(struct devmap_win_irqs *wi,
			      struct kobject *win)
{
	unsigned int i;
	int ret;

	if (!wi->n)
		return 0;
	wi->dir = kobject_create_and_add("interrupts", win);
	if (!wi->dir)
		return -ENOMEM;
	for (i = 0; i < wi->n; i++) {
		struct devmap_irq_entry *e = kzalloc(sizeof(*e), GFP_KERNEL);

		if (!e)
			return -ENOMEM;
		devmap_irq_src_get(wi->src[i]);
		e->src = wi->src[i];
		ret = kobject_init_and_add(&e->kobj, &devmap_irq_ktype, wi->dir,
					   "%u", i);
		if (ret) {
			kobject_put(&e->kobj);
			return ret;
		}
		wi->entries[i] = &e->kobj;
	}
	return 0;
}

void devmap_win_irqs_sysfs_del(struct devmap_win_irqs *wi)
{
	unsigned int i;

	for (i = 0; i < wi->n; i++) {
		if (!wi->entries[i])
			continue;
		kobject_del(wi->entries[i]);
		kobject_put(wi->entries[i]);
		wi->entries[i] = NULL;
	}
	if (wi->dir) {
		kobject_del(wi->dir);
		kobject_put(wi->dir);
	}
	wi->dir = NULL;
}

void devmap_win_irqs_release(struct devmap_win_irqs *wi)
{
	unsigned int i;

	devmap_win_irqs_sysfs_del(wi);
	for (i = 0; i < wi->n; i++)
		devmap_irq_src_put(wi->src[i]);
	kfree(wi->src);
	kfree(wi->entries);
	memset(wi, 0, sizeof(*wi));
}
