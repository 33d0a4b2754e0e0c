// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import java.util.Map;

/**
 * Linux errno values that the mapping calls return, with their symbolic
 * names and {@code strerror} texts. The table is ours rather than a JNA call
 * to {@code strerror}, so that messages do not depend on the C library's
 * locale and can be built after the native call is long gone.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Input/output error. */
    public static final int EIO = 5;
    /** No such device or address: the driver's "not in any window". */
    public static final int ENXIO = 6;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** Permission denied: node permissions at open. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** No such device: the file does not support mmap. */
    public static final int ENODEV = 19;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument: MAP_PRIVATE, zero length or unaligned offset. */
    public static final int EINVAL = 22;
    /** Too many open files in system. */
    public static final int ENFILE = 23;
    /** Too many open files. */
    public static final int EMFILE = 24;
    /** Inappropriate ioctl for device: not /dev/map, or an unknown request. */
    public static final int ENOTTY = 25;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Numerical result out of range: the range runs past the window's end. */
    public static final int ERANGE = 34;
    /** Value too large for defined data type: offset + length wraps. */
    public static final int EOVERFLOW = 75;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String[]> TABLE = Map.ofEntries(
            Map.entry(EPERM, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(ENOENT, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(EINTR, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(EIO, new String[] {"EIO", "Input/output error"}),
            Map.entry(ENXIO, new String[] {"ENXIO", "No such device or address"}),
            Map.entry(EBADF, new String[] {"EBADF", "Bad file descriptor"}),
            Map.entry(EAGAIN, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(ENOMEM, new String[] {"ENOMEM", "Cannot allocate memory"}),
            Map.entry(EACCES, new String[] {"EACCES", "Permission denied"}),
            Map.entry(EFAULT, new String[] {"EFAULT", "Bad address"}),
            Map.entry(EBUSY, new String[] {"EBUSY", "Device or resource busy"}),
            Map.entry(ENODEV, new String[] {"ENODEV", "No such device"}),
            Map.entry(ENOTDIR, new String[] {"ENOTDIR", "Not a directory"}),
            Map.entry(EISDIR, new String[] {"EISDIR", "Is a directory"}),
            Map.entry(EINVAL, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(ENFILE, new String[] {"ENFILE", "Too many open files in system"}),
            Map.entry(EMFILE, new String[] {"EMFILE", "Too many open files"}),
            Map.entry(ENOTTY, new String[] {"ENOTTY", "Inappropriate ioctl for device"}),
            Map.entry(EROFS, new String[] {"EROFS", "Read-only file system"}),
            Map.entry(ERANGE, new String[] {"ERANGE", "Numerical result out of range"}),
            Map.entry(EOVERFLOW, new String[] {"EOVERFLOW", "Value too large for defined data type"}),
            Map.entry(EOPNOTSUPP, new String[] {"EOPNOTSUPP", "Operation not supported"}));

    private Errno() {
    }

    /**
     * Returns the symbolic name of an errno value.
     *
     * @param errno the value
     * @return e.g. {@code "ENXIO"}, or {@code "errno 123"} for values not in the table
     */
    public static String name(int errno) {
        String[] e = TABLE.get(errno);
        return e != null ? e[0] : "errno " + errno;
    }

    /**
     * Returns the {@code strerror} text of an errno value.
     *
     * @param errno the value
     * @return e.g. {@code "No such device or address"}, or {@code "Unknown error 123"}
     */
    public static String describe(int errno) {
        String[] e = TABLE.get(errno);
        return e != null ? e[1] : "Unknown error " + errno;
    }
}
