// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

/**
 * The ioctls of {@code /dev/map} from the driver's {@code devmap_ioctl.h}.
 * The request numbers are {@code _IOW(0xdb, nr, struct ...)} in the
 * encoding of the Linux generic ABI (x86, ARM, arm64, RISC-V); MIPS,
 * PowerPC and SPARC encode the direction bits differently. The test build
 * compiles {@code abi/devmap_abi.c} against the header and compares every
 * constant here with what it prints ({@code IoctlAbiTest}).
 */
public interface DevmapIoctl {
    /** {@code DEVMAP_IOC_MAGIC}, the ioctl type. */ int IOC_MAGIC = 0xdb;

    /** {@code sizeof(struct devmap_sync)}: three __u64 and two __u32. */
    int SYNC_SIZE = 32;
    /** Offset of {@code __u64 addr}, the physical address. */ int SYNC_ADDR = 0;
    /** Offset of {@code __u64 len}. */ int SYNC_LEN = 8;
    /** Offset of {@code __u32 op}. */ int SYNC_OP = 16;
    /** Offset of {@code __u32 dir}. */ int SYNC_DIR = 20;
    /** Offset of {@code __u64 flags}, 0 (none defined). */ int SYNC_FLAGS = 24;

    /** {@code DEVMAP_SYNC_FOR_CPU}. */ int SYNC_FOR_CPU = 1;
    /** {@code DEVMAP_SYNC_FOR_DEVICE}. */ int SYNC_FOR_DEVICE = 2;

    /** {@code DEVMAP_DIR_BIDIRECTIONAL}. */ int DIR_BIDIRECTIONAL = 0;
    /** {@code DEVMAP_DIR_TO_DEVICE}. */ int DIR_TO_DEVICE = 1;
    /** {@code DEVMAP_DIR_FROM_DEVICE}. */ int DIR_FROM_DEVICE = 2;

    /**
     * {@code DEVMAP_IOC_SYNC}: _IOC_WRITE (1) at bit 30, size at 16, type
     * 0xdb, nr 1, i.e. 0x4020db01 (the driver still takes 0.2's 24-byte
     * 0x4018db01, which has no flags).
     */
    long IOC_SYNC = (1L << 30) | ((long) SYNC_SIZE << 16) | ((long) IOC_MAGIC << 8) | 1;

    /** {@code sizeof(struct devmap_irq_open)}: char[32] and two __u32. */
    int IRQ_OPEN_SIZE = 40;
    /** Offset of {@code char window[32]}, NUL-terminated. */ int IRQ_OPEN_WINDOW = 0;
    /** Longest window name: {@code DEVMAP_NAME_MAX} less the NUL. */ int IRQ_NAME_MAX = 31;
    /** Offset of {@code __u32 index}. */ int IRQ_OPEN_INDEX = 32;
    /** Offset of {@code __u32 flags}: O_CLOEXEC and O_NONBLOCK only. */ int IRQ_OPEN_FLAGS = 36;

    /**
     * {@code DEVMAP_IOC_IRQ_OPEN}: _IOC_WRITE at bit 30, size 40, type 0xdb,
     * nr 2, i.e. 0x4028db02. Returns a new descriptor, the interrupt handle.
     */
    long IOC_IRQ_OPEN = (1L << 30) | ((long) IRQ_OPEN_SIZE << 16) | ((long) IOC_MAGIC << 8) | 2;
}
