/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * devmap: the ioctls of /dev/map, for userspace and the driver.
 *
 * DEVMAP_IOC_SYNC hands a range of a buffer window to the device or back
 * to the CPU (cache maintenance on systems whose devices do not snoop
 * the CPU caches; a no-op elsewhere):
 *
 *     struct devmap_sync s = {
 *             .addr = phys,                      // as the mmap offset
 *             .len = n,
 *             .op = DEVMAP_SYNC_FOR_DEVICE,      // after the CPU wrote
 *             .dir = DEVMAP_DIR_TO_DEVICE,
 *     };
 *     ioctl(fd, DEVMAP_IOC_SYNC, &s);
 *
 * Errors: ENXIO (addr in no window), ERANGE (runs past the window's
 * end), EOVERFLOW (addr + len wraps), EINVAL (len 0, unknown op or dir,
 * reserved fields set), EOPNOTSUPP (a cached window that is not a buffer:
 * the driver has no DMA handle for it), EFAULT (bad pointer), ENOTTY
 * (unknown ioctl).
 */
#ifndef DEVMAP_IOCTL_H
#define DEVMAP_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct devmap_sync {
	__u64 addr;	/* physical address of the first byte */
	__u64 len;	/* bytes */
	__u32 op;	/* DEVMAP_SYNC_FOR_CPU or DEVMAP_SYNC_FOR_DEVICE */
	__u32 dir;	/* DEVMAP_DIR_* */
};

#define DEVMAP_SYNC_FOR_CPU		1
#define DEVMAP_SYNC_FOR_DEVICE		2

#define DEVMAP_DIR_BIDIRECTIONAL	0	/* both read and write */
#define DEVMAP_DIR_TO_DEVICE		1	/* the device reads */
#define DEVMAP_DIR_FROM_DEVICE		2	/* the device writes */

#define DEVMAP_IOC_MAGIC		0xdb
#define DEVMAP_IOC_SYNC			_IOW(DEVMAP_IOC_MAGIC, 1, struct devmap_sync)

#endif /* DEVMAP_IOCTL_H */
