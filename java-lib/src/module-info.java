// SPDX-License-Identifier: Apache-2.0
/**
 * Access to physical memory windows through {@code /dev/map}: the
 * {@link org.devmap} API. The C library binding (JNA) and the
 * {@code devmap} command's classes stay inside the module.
 *
 * <p>JNA's jar names its module only in its manifest (an automatic
 * module), hence the suppressed warning.
 */
@SuppressWarnings("requires-automatic")
module org.devmap {
    requires com.sun.jna;

    exports org.devmap;
}
