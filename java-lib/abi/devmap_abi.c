// SPDX-License-Identifier: Apache-2.0
/*
 * devmap_abi: prints every number, size and offset of the driver's ioctl
 * ABI (driver/devmap_ioctl.h) as "NAME VALUE" lines, NAME being the
 * constant of org.devmap.internal.DevmapIoctl that must hold VALUE. The
 * test build (ant test) compiles it with the host's compiler and
 * IoctlAbiTest compares both ways: a constant the program does not print,
 * or a line with no constant, fails too.
 */
#include <stddef.h>
#include <stdio.h>

#include "../../driver/devmap_ioctl.h"

#define MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

static void put(const char *name, unsigned long long value)
{
	printf("%s 0x%llx\n", name, value);
}

int main(void)
{
	put("IOC_MAGIC", DEVMAP_IOC_MAGIC);
	put("SYNC_SIZE", sizeof(struct devmap_sync));
	put("SYNC_ADDR", offsetof(struct devmap_sync, addr));
	put("SYNC_LEN", offsetof(struct devmap_sync, len));
	put("SYNC_OP", offsetof(struct devmap_sync, op));
	put("SYNC_DIR", offsetof(struct devmap_sync, dir));
	put("SYNC_FLAGS", offsetof(struct devmap_sync, flags));
	put("SYNC_FOR_CPU", DEVMAP_SYNC_FOR_CPU);
	put("SYNC_FOR_DEVICE", DEVMAP_SYNC_FOR_DEVICE);
	put("DIR_BIDIRECTIONAL", DEVMAP_DIR_BIDIRECTIONAL);
	put("DIR_TO_DEVICE", DEVMAP_DIR_TO_DEVICE);
	put("DIR_FROM_DEVICE", DEVMAP_DIR_FROM_DEVICE);
	put("IOC_SYNC", DEVMAP_IOC_SYNC);
	put("IRQ_OPEN_SIZE", sizeof(struct devmap_irq_open));
	put("IRQ_OPEN_WINDOW", offsetof(struct devmap_irq_open, window));
	put("IRQ_NAME_MAX", MEMBER_SIZE(struct devmap_irq_open, window) - 1);
	put("IRQ_OPEN_INDEX", offsetof(struct devmap_irq_open, index));
	put("IRQ_OPEN_FLAGS", offsetof(struct devmap_irq_open, flags));
	put("IOC_IRQ_OPEN", DEVMAP_IOC_IRQ_OPEN);
	return 0;
}
