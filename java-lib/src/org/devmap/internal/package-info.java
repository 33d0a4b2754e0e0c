// SPDX-License-Identifier: Apache-2.0
/**
 * The C library binding (JNA) and the constants of its headers. Not exported
 * by the module. Its users: {@code org.devmap.Region} (open, mmap, munmap,
 * msync), {@code DmaSync} (the sync ioctl), {@code Interrupt} and
 * {@code Waker} (the interrupt ioctl, poll, read, write, eventfd), and the
 * CLI's JNA baseline of {@code bench}.
 */
package org.devmap.internal;
