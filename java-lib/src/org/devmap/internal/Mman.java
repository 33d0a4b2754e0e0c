// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

import com.sun.jna.Pointer;

/**
 * Constants of the POSIX memory map interface from {@code <sys/mman.h>} and
 * {@code <unistd.h>}, with the values of the Linux generic ABI (x86, ARM,
 * arm64, RISC-V). MIPS, PowerPC and SPARC use other values for some of them.
 */
public interface Mman {
    /** Page can not be accessed. */ int PROT_NONE = 0x0;
    /** Page can be read. */ int PROT_READ = 0x1;
    /** Page can be written. */ int PROT_WRITE = 0x2;

    /** Share changes with the file or device. */ int MAP_SHARED = 0x01;
    /** Changes are private (copy on write). */ int MAP_PRIVATE = 0x02;
    /** Place the mapping exactly at addr, replacing what was there. */ int MAP_FIXED = 0x10;
    /** Not backed by a file: zero-filled memory. */ int MAP_ANONYMOUS = 0x20;

    /** Schedule the write-back, do not wait for it. */ int MS_ASYNC = 1;
    /** Invalidate other mappings of the same file. */ int MS_INVALIDATE = 2;
    /** Write back and wait until done. */ int MS_SYNC = 4;

    /** sysconf() name of the page size (glibc and musl). */ int _SC_PAGESIZE = 30;

    /** ((void *) -1), the mmap() error return. */ Pointer MAP_FAILED = new Pointer(-1);
}
