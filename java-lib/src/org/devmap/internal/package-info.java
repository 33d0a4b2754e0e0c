// SPDX-License-Identifier: Apache-2.0
/**
 * The C library binding (JNA) and the constants of its headers. Not exported
 * by the module: only {@code org.devmap.Region} uses it.
 */
package org.devmap.internal;
