// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Map;

/**
 * The few C library calls the mapping needs. JNA is used only to set up and
 * tear down mappings, for the driver's ioctls and for waiting on interrupt
 * handles; every access to mapped memory goes through a direct
 * {@link java.nio.ByteBuffer}, never through a JNA call (~50 ns each).
 *
 * <p>{@code size_t} is passed as {@link NativeLong}, which has the same width
 * on Linux (ILP32 and LP64). The {@code off_t} of {@code mmap} is a Java
 * {@code long}: {@link #INSTANCE} binds {@code mmap} to {@code mmap64} where
 * the C library has it (32-bit glibc), so that physical addresses above 2 GiB
 * work on 32-bit ARM. After a failed call, {@link Native#getLastError()} gives
 * errno.
 */
public interface LibC extends Library {

    /** The C library, with {@code mmap} bound to {@code mmap64} when present. */
    LibC INSTANCE = LibCLoader.load();

    /**
     * Opens the file named by {@code path}.
     *
     * @param path the file name, in the platform encoding
     * @param flags {@link Fcntl#O_RDWR} and friends; never {@code O_CREAT}, so
     *        no mode argument is needed
     * @return a new file descriptor, or -1 with errno set (ENOENT, EACCES, ...)
     */
    int open(String path, int flags);

    /**
     * Closes a file descriptor. Mappings made from it stay valid.
     *
     * @param fd the descriptor
     * @return 0 on success, or -1 with errno set
     */
    int close(int fd);

    /**
     * Creates a new mapping in the virtual address space of the process.
     *
     * @param addr a hint, or with {@link Mman#MAP_FIXED} the exact address
     * @param length the length of the mapping, greater than 0
     * @param prot {@link Mman#PROT_READ}, {@link Mman#PROT_WRITE}
     * @param flags {@link Mman#MAP_SHARED} or {@link Mman#MAP_PRIVATE}, plus
     *        optional flags
     * @param fd the file descriptor, or -1 for an anonymous mapping
     * @param offset the offset in the file, a multiple of the page size; for
     *        {@code /dev/map} and {@code /dev/mem} the physical address
     * @return On success, returns a pointer to the mapped area. On error, the
     *         value {@link Mman#MAP_FAILED} (that is, (void *) -1) is returned,
     *         and errno is set (EINVAL, ENXIO, ERANGE, EOVERFLOW, ENOMEM, ...).
     */
    Pointer mmap(Pointer addr, NativeLong length, int prot, int flags, int fd, long offset);

    /**
     * Deletes the mappings in the given range.
     *
     * @param addr the start, a multiple of the page size
     * @param length the length
     * @return 0 on success, or -1 with errno set
     */
    int munmap(Pointer addr, NativeLong length);

    /**
     * Flushes changes made to a file mapping back to the file.
     *
     * @param addr the start, a multiple of the page size
     * @param length the length
     * @param flags {@link Mman#MS_SYNC} or {@link Mman#MS_ASYNC}
     * @return 0 on success, or -1 with errno set
     */
    int msync(Pointer addr, NativeLong length, int flags);

    /**
     * Gets configuration information at run time.
     *
     * @param name for example {@link Mman#_SC_PAGESIZE}
     * @return the value, or -1 with errno set
     */
    NativeLong sysconf(int name);

    /**
     * Controls a device. Variadic in C; the third argument is always a
     * pointer here, which Linux ABIs pass like a fixed argument.
     *
     * @param fd the descriptor
     * @param request the request number, e.g. {@link DevmapIoctl#IOC_SYNC}
     * @param arg the argument structure
     * @return 0 (or a positive value) on success, or -1 with errno set
     */
    int ioctl(int fd, NativeLong request, Pointer arg);

    /**
     * Creates an eventfd object, a 64-bit counter that is readable while
     * it is not zero.
     *
     * @param initval the initial counter
     * @param flags {@link Poll#EFD_CLOEXEC}, {@link Poll#EFD_NONBLOCK}
     * @return a new file descriptor, or -1 with errno set
     */
    int eventfd(int initval, int flags);
}

/** Loads {@link LibC}; kept out of the interface so it is not public API. */
final class LibCLoader {
    private LibCLoader() {
    }

    /*
     * The C library is taken from the running process (dlopen(NULL)): the
     * JVM is linked against it, and looking up "c" by name makes JNA try
     * "libc.so" (a linker script or absent on targets), then run
     * "ldconfig -p", which costs a process start on every CLI run.
     */
    static LibC load() {
        NativeLibrary libc = NativeLibrary.getProcess();
        boolean hasMmap64;
        try {
            libc.getFunction("mmap64");
            hasMmap64 = true;
        } catch (UnsatisfiedLinkError e) {
            // musl and 64-bit-only C libraries: off_t is already 64 bits.
            hasMmap64 = false;
        }
        final boolean use64 = hasMmap64;
        FunctionMapper mapper = (library, method) ->
                use64 && method.getName().equals("mmap") ? "mmap64" : method.getName();
        return Native.load((String) null, LibC.class,
                Map.of(Library.OPTION_FUNCTION_MAPPER, mapper));
    }
}
