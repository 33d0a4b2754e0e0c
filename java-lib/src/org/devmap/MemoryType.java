// SPDX-License-Identifier: Apache-2.0
package org.devmap;

/** How a {@link Mapping} accesses memory in bulk operations. */
public enum MemoryType {
    /**
     * Uncached or write-combining device memory: bulk copies and fills go
     * element by element, aligned, at the access width. ARM raises SIGBUS on
     * the unaligned and paired wide accesses that memcpy and the JVM's copy
     * stubs use.
     */
    DEVICE,
    /** Normal cached memory: bulk copies use the JVM's fast copy routines. */
    CACHED
}
