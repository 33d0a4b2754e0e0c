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
 * flags not 0), EBADF (a sync that invalidates CPU caches, and so may
 * discard what another user wrote, on a descriptor not open for
 * writing: every sync but DEVMAP_SYNC_FOR_DEVICE to-device or
 * bidirectional, which only write back), EOPNOTSUPP (a cached window
 * that is not a buffer: the driver has no DMA handle for it), EFAULT
 * (bad pointer), ENOTTY (unknown ioctl).
 *
 * DEVMAP_IOC_IRQ_OPEN returns a new file descriptor, a *handle* on one
 * interrupt of a window (an anon inode "devmap-irq:<window>:<index>"):
 *
 *     struct devmap_irq_open o = { .window = "fpga", .index = 0,
 *                                  .flags = O_CLOEXEC };
 *     int h = ioctl(fd, DEVMAP_IOC_IRQ_OPEN, &o);
 *     __u32 count, one = 1;
 *     struct pollfd p = { .fd = h, .events = POLLIN };
 *
 *     if (poll(&p, 1, timeout_ms) == 1 && read(h, &count, 4) == 4)
 *             ...;                        // count: events since request
 *     write(h, &one, 4);                  // re-enable (level lines)
 *
 * read() of 4 bytes blocks until an interrupt that this handle has not
 * reported yet, then gives the interrupt's total count (a jump of more
 * than one: missed interrupts); poll() is the way to wait with a
 * timeout; write() of 1 unmasks the line, of 0 masks it. The handle
 * has the access mode of the /dev/map descriptor it came from: from
 * one opened O_RDONLY it can wait but not mask (write: EBADF). Errors of the
 * ioctl: ENOENT (no such window), ENODEV (the window has no interrupt
 * of that index), EINVAL (flags other than O_CLOEXEC and O_NONBLOCK,
 * window not NUL-terminated), EFAULT. driver/README.md has the rest.
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
	__u64 flags;	/* none defined yet: must be 0, else EINVAL */
};

#define DEVMAP_SYNC_FOR_CPU		1
#define DEVMAP_SYNC_FOR_DEVICE		2

#define DEVMAP_DIR_BIDIRECTIONAL	0	/* both read and write */
#define DEVMAP_DIR_TO_DEVICE		1	/* the device reads */
#define DEVMAP_DIR_FROM_DEVICE		2	/* the device writes */

#define DEVMAP_IOC_MAGIC		0xdb
/* 0x4020db01 on x86_64 and arm64 (0.2's 24-byte 0x4018db01 still works) */
#define DEVMAP_IOC_SYNC			_IOW(DEVMAP_IOC_MAGIC, 1, struct devmap_sync)

struct devmap_irq_open {
	char window[32];	/* window name, NUL-terminated (DEVMAP_NAME_MAX) */
	__u32 index;		/* which interrupt of the window, from 0 */
	__u32 flags;		/* O_CLOEXEC and/or O_NONBLOCK; others: EINVAL */
};

/* 0x4028db02 on x86_64 and arm64 */
#define DEVMAP_IOC_IRQ_OPEN	_IOW(DEVMAP_IOC_MAGIC, 2, struct devmap_irq_open)

#endif /* DEVMAP_IOCTL_H */
