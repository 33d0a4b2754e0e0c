// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

/**
 * Constants of {@code poll(2)} from {@code <poll.h>}, of {@code eventfd(2)}
 * from {@code <sys/eventfd.h>} and {@code O_NONBLOCK}, with the values of
 * the Linux generic ABI (x86, ARM, arm64, RISC-V).
 */
public interface Poll {
    /** {@code sizeof(struct pollfd)}: int fd, short events, short revents. */ int SIZE = 8;
    /** Offset of {@code int fd}. */ int FD = 0;
    /** Offset of {@code short events}. */ int EVENTS = 4;
    /** Offset of {@code short revents}. */ int REVENTS = 6;

    /** There is data to read. */ short POLLIN = 0x001;
    /** Error condition (output only). */ short POLLERR = 0x008;
    /** Hung up (output only). */ short POLLHUP = 0x010;
    /** Invalid descriptor (output only). */ short POLLNVAL = 0x020;

    /** Close the eventfd on exec(). */ int EFD_CLOEXEC = 02000000;
    /** Reads of an empty eventfd fail with EAGAIN. */ int EFD_NONBLOCK = 04000;
    /** Non-blocking I/O, for open(2) and the interrupt handle's flags. */ int O_NONBLOCK = 04000;
}
