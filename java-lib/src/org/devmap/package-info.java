// SPDX-License-Identifier: Apache-2.0
/**
 * Access to physical memory windows through the {@code /dev/map} driver, and
 * to any other mmap-able device or file.
 *
 * <p>{@link org.devmap.Mapping} maps a range and gives typed, bounds-checked,
 * ordered accesses and device-safe bulk copies; {@link org.devmap.Windows}
 * reads the windows the driver publishes in sysfs;
 * {@link org.devmap.DevmapException} carries errno when the kernel refuses.
 */
package org.devmap;
