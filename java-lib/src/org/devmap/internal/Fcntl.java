// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

/**
 * Constants for {@code open(2)} from {@code <fcntl.h>}, with the values of the
 * Linux generic ABI (x86, ARM, arm64, RISC-V).
 */
public interface Fcntl {
    /** Open for reading only. */ int O_RDONLY = 00;
    /** Open for writing only. */ int O_WRONLY = 01;
    /** Open for reading and writing. */ int O_RDWR = 02;
    /** Synchronous I/O; /dev/mem then maps RAM non-cached. */ int O_SYNC = 04010000;
    /** Close the descriptor on exec(). */ int O_CLOEXEC = 02000000;
}
