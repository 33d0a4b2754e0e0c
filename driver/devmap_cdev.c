// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: the character device /dev/map.
 *
 * The mmap offset is the physical address, so the classic example works
 * unchanged (w/o error handling):
 *
 *     fd = open("/dev/map", O_RDWR);
 *     data = mmap(0, 0x300000, PROT_READ | PROT_WRITE, MAP_SHARED,
 *                 fd, 0xc0000000);
 *     data[100] = 3;
 *
 * Only ranges inside a window can be mapped, read or written, and never
 * more than the descriptor's open mode allows: read() and write() (here),
 * mappings (devmap_mmap.c), cache maintenance and interrupt handles (the
 * ioctls, here). read() and write() use a window inside SRCU read
 * sections, so that its removal waits for them (devmap_window.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/pseudo_fs.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "devmap_cdev.h"
#include "devmap_compat.h"
#include "devmap_ioctl.h"
#include "devmap_mmap.h"
#include "devmap_window.h"

static ushort devmap_mode = 0600;
module_param(devmap_mode, ushort, 0444);
MODULE_PARM_DESC(devmap_mode, "Mode of the /dev/map node (default 0600)");

static uint devmap_major;
module_param(devmap_major, uint, 0444);
MODULE_PARM_DESC(devmap_major,
		 "Also register this fixed major, minor 0, for a static /dev (e.g. 126)");

/* Register buses are rarely wider than 32 bits: never access more. */
#define DEVMAP_IO_WIDTH		4

/* 0.2's struct devmap_sync, without flags: its request is still served. */
struct devmap_sync_v1 {
	__u64 addr;
	__u64 len;
	__u32 op;
	__u32 dir;
};

#define DEVMAP_IOC_SYNC_V1	_IOW(DEVMAP_IOC_MAGIC, 1, struct devmap_sync_v1)

static const struct file_operations devmap_fops;

static struct {
	struct miscdevice misc;
	bool ready;		/* loaded: opens are served */
	bool chrdev_registered;
	struct vfsmount *fs_mnt;
	int fs_count;
	struct inode *inode;	/* its i_mapping holds every mapping */
} devmap_cdev = {
	.misc		= {
		.minor	= MISC_DYNAMIC_MINOR,
		.name	= "map",
		.fops	= &devmap_fops,
	},
};

struct device *devmap_dev(void)
{
	return devmap_cdev.misc.this_device;
}

/*
 * The shared address space lives on an inode of a pseudo filesystem of
 * our own, as VFIO's and DRM's do. It has no owner: its mount would pin
 * the module forever; it is unmounted at exit, when no file is left.
 */
#define DEVMAP_FS_MAGIC		0x64766d70	/* "dvmp" */

static int devmap_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, DEVMAP_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type devmap_fs_type = {
	.name			= "devmap",
	.init_fs_context	= devmap_fs_init_fs_context,
	.kill_sb		= kill_anon_super,
};

void devmap_cdev_revoke(u64 base, u64 size)
{
	unmap_mapping_range(devmap_cdev.inode->i_mapping, base, size, 1);
}

static int devmap_open(struct inode *inode, struct file *file)
{
	/* Pairs with devmap_cdev_ready(): the load is complete. */
	if (!smp_load_acquire(&devmap_cdev.ready))
		return -ENODEV;
	file->f_mapping = devmap_cdev.inode->i_mapping;
	return 0;
}

/* read, write and ->access: one page at a time, at the access width */

static void devmap_io_read(void *dst, const void __iomem *src, u64 addr,
			   size_t len)
{
	while (len) {
		unsigned int w = devmap_access_width(addr, len,
						     DEVMAP_IO_WIDTH);

		/* dst follows the caller's buffer, which may be unaligned */
		if (w == 4)
			put_unaligned(readl(src), (u32 *)dst);
		else if (w == 2)
			put_unaligned(readw(src), (u16 *)dst);
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
			writel(get_unaligned((const u32 *)src), dst);
		else if (w == 2)
			writew(get_unaligned((const u16 *)src), dst);
		else
			writeb(*(const u8 *)src, dst);
		dst += w;
		src += w;
		addr += w;
		len -= w;
	}
}

/*
 * Device memory is mapped one page at a time for the duration of the
 * copy: large windows cost no vmalloc space.
 */
int devmap_copy_page(const struct devmap_window *win, u64 addr, void *buf,
		     size_t len, bool write)
{
	phys_addr_t page = addr & PAGE_MASK;
	size_t off = offset_in_page(addr);
	void __iomem *io;
	void *mem;

	if (win->buf) {
		mem = win->buf->vaddr + (addr - win->range.base);
		if (write)
			memcpy(mem, buf, len);
		else
			memcpy(buf, mem, len);
		return 0;
	}

	if (win->cache == DEVMAP_CACHED) {
		mem = memremap(page, PAGE_SIZE, MEMREMAP_WB);
		if (!mem)
			return -ENOMEM;
		if (write)
			memcpy(mem + off, buf, len);
		else
			memcpy(buf, mem + off, len);
		memunmap(mem);
		return 0;
	}

	if (win->cache == DEVMAP_WC)
		io = ioremap_wc(page, PAGE_SIZE);
	else
		io = ioremap(page, PAGE_SIZE);
	if (!io)
		return -ENOMEM;
	if (write)
		devmap_io_write(io + off, buf, addr, len);
	else
		devmap_io_read(buf, io + off, addr, len);
	iounmap(io);
	return 0;
}

/* One page of a read or write, while the window is there. */
static int devmap_copy_live(struct devmap_window *win, u64 addr, void *buf,
			    size_t len, bool write)
{
	int ret = -ENXIO, idx;

	idx = srcu_read_lock(&devmap_srcu);
	if (devmap_window_live(win))
		ret = devmap_copy_page(win, addr, buf, len, write);
	srcu_read_unlock(&devmap_srcu, idx);
	return ret;
}

/*
 * The user's memory is touched outside the SRCU section (a page fault
 * there may wait on anything, and removal must not wait for it), and
 * before the device is read: a register that clears on read is not
 * consumed by a copy that then fails.
 */
static ssize_t devmap_rw(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos, bool write)
{
	u64 addr = *ppos;
	struct devmap_window *win;
	size_t done = 0;
	int ret = 0, idx;
	bool at_end;
	void *bounce;

	if (*ppos < 0)
		return -EINVAL;
	if (!count)
		return 0;

	idx = srcu_read_lock(&devmap_srcu);
	win = devmap_window_at(addr, &at_end);
	if (win) {
		devmap_window_get(win);
		count = min_t(u64, count,
			      win->range.size - (addr - win->range.base));
	}
	srcu_read_unlock(&devmap_srcu, idx);
	if (!win) {
		/* Reading to the end of a window ends the file there. */
		if (at_end)
			return write ? -ENOSPC : 0;
		dev_info_ratelimited(devmap_dev(), "%s[%d]: %s at 0x%llx refused: not in a window\n",
				     current->comm, task_pid_nr(current),
				     write ? "write" : "read", addr);
		return -ENXIO;
	}

	/* At the same page offset as addr: device accesses stay aligned. */
	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce) {
		devmap_window_put(win);
		return -ENOMEM;
	}

	while (done < count) {
		size_t off = offset_in_page(addr);
		size_t len = min_t(size_t, count - done, PAGE_SIZE - off);

		if (write ? copy_from_user(bounce + off, ubuf + done, len) :
			    fault_in_writeable(ubuf + done, len)) {
			ret = -EFAULT;
			break;
		}
		ret = devmap_copy_live(win, addr, bounce + off, len, write);
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
	devmap_window_put(win);

	*ppos += done;
	return done ? done : ret;
}

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

/* ioctls */

static long devmap_ioctl_sync(struct file *file, void __user *arg,
			      size_t size)
{
	struct devmap_sync s = { 0 };
	enum dma_data_direction dma_dir;
	struct devmap_window *win;
	bool invalidates;
	int ret, idx;

	if (copy_from_user(&s, arg, size))
		return -EFAULT;
	if (!s.len || s.flags)
		return -EINVAL;
	idx = srcu_read_lock(&devmap_srcu);
	win = devmap_window_at(s.addr, NULL);
	if (!win) {
		ret = s.addr + (s.len - 1) < s.addr ? -EOVERFLOW : -ENXIO;
		goto out;
	}
	ret = devmap_buffer_check_sync(&win->range, s.addr, s.len, s.op, s.dir,
				       &dma_dir, &invalidates);
	if (ret)
		goto out;
	/* Invalidating may discard what another user wrote: writers only. */
	if (invalidates && !(file->f_mode & FMODE_WRITE))
		ret = -EBADF;
	else if (win->buf)
		ret = devmap_buffer_sync(win->buf, s.addr - win->range.base,
					 s.len, s.op == DEVMAP_SYNC_FOR_DEVICE,
					 dma_dir);
	else if (win->cache == DEVMAP_CACHED)
		/* No DMA handle for it: say so rather than pretend. */
		ret = -EOPNOTSUPP;
out:
	srcu_read_unlock(&devmap_srcu, idx);
	return ret;
}

/* A handle on interrupt o.index of window o.window (devmap_irq.c). */
static long devmap_ioctl_irq_open(struct file *file, void __user *arg)
{
	struct devmap_irq_src *src;
	struct devmap_irq_open o;
	int ret;

	if (copy_from_user(&o, arg, sizeof(o)))
		return -EFAULT;
	if ((o.flags & ~(O_CLOEXEC | O_NONBLOCK)) ||
	    !memchr(o.window, '\0', sizeof(o.window)))
		return -EINVAL;
	src = devmap_window_irq(o.window, o.index);
	if (IS_ERR(src))
		return PTR_ERR(src);
	/* A read-only descriptor gives a handle that waits but cannot mask. */
	ret = devmap_irq_handle_open(src, o.window, o.index, o.flags,
				     file->f_mode & FMODE_WRITE);
	devmap_irq_src_put(src);
	return ret;
}

static long devmap_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	switch (cmd) {
	case DEVMAP_IOC_SYNC:
		return devmap_ioctl_sync(file, (void __user *)arg,
					 sizeof(struct devmap_sync));
	case DEVMAP_IOC_SYNC_V1:
		return devmap_ioctl_sync(file, (void __user *)arg,
					 sizeof(struct devmap_sync_v1));
	case DEVMAP_IOC_IRQ_OPEN:
		return devmap_ioctl_irq_open(file, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations devmap_fops = {
	.owner		= THIS_MODULE,
	.open		= devmap_open,
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

int devmap_cdev_init(void)
{
	struct inode *inode;
	int ret;

	if (devmap_mode & ~0777) {
		pr_err("devmap_mode 0%o is not a file mode\n", devmap_mode);
		return -EINVAL;
	}
	devmap_cdev.misc.mode = devmap_mode;

	ret = simple_pin_fs(&devmap_fs_type, &devmap_cdev.fs_mnt,
			    &devmap_cdev.fs_count);
	if (ret)
		return ret;
	inode = alloc_anon_inode(devmap_cdev.fs_mnt->mnt_sb);
	if (IS_ERR(inode)) {
		ret = PTR_ERR(inode);
		goto err_fs;
	}
	devmap_cdev.inode = inode;

	ret = misc_register(&devmap_cdev.misc);
	if (ret) {
		pr_err("cannot register /dev/map: %d\n", ret);
		goto err_inode;
	}
	if (devmap_major) {
		/* One minor, 0: a static /dev has one node for it. */
		ret = __register_chrdev(devmap_major, 0, 1, "map", &devmap_fops);
		if (ret < 0) {
			dev_err(devmap_dev(), "devmap_major %u: cannot register: %d\n",
				devmap_major, ret);
			goto err_misc;
		}
		devmap_cdev.chrdev_registered = true;
	}
	return 0;

err_misc:
	misc_deregister(&devmap_cdev.misc);
err_inode:
	iput(devmap_cdev.inode);
	devmap_cdev.inode = NULL;
err_fs:
	simple_release_fs(&devmap_cdev.fs_mnt, &devmap_cdev.fs_count);
	return ret;
}

void devmap_cdev_ready(void)
{
	/* Everything the load made is seen by the opens that see ready. */
	smp_store_release(&devmap_cdev.ready, true);
}

/* No file is open (each holds the module), so no mapping is left. */
void devmap_cdev_exit(void)
{
	devmap_cdev.ready = false;
	if (devmap_cdev.chrdev_registered)
		__unregister_chrdev(devmap_major, 0, 1, "map");
	devmap_cdev.chrdev_registered = false;
	misc_deregister(&devmap_cdev.misc);
	iput(devmap_cdev.inode);
	devmap_cdev.inode = NULL;
	simple_release_fs(&devmap_cdev.fs_mnt, &devmap_cdev.fs_count);
}
