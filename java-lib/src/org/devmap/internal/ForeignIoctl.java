// SPDX-License-Identifier: Apache-2.0
package org.devmap.internal;

import com.sun.jna.Native;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ioctl(fd, request, pointer)} through {@code java.lang.foreign}
 * (JDK 22+), for the DMA sync: the JIT compiles the call to a stub of a
 * few instructions, where JNA's direct mapping goes through JNI, its
 * dispatcher and libffi. Under QEMU's TCG that difference is most of
 * a sync's cost; natively some tens of ns against JNA's hundred or more.
 *
 * <p>The library is built for Java 17, so the handle is made once, by
 * reflection, and kept in a {@code static final} field: calls are
 * {@code invokeExact} with primitive arguments, which the JIT inlines.
 * errno is captured by the call itself ({@code captureCallState}), into
 * a state segment per caller ({@link #newState()}).
 *
 * <p>Used when the JVM is 22 or newer, the system is LP64 (the request
 * and the pointer are Java {@code long}s), native access is enabled for
 * this module ({@code --enable-native-access=ALL-UNNAMED} on the class
 * path, {@code =org.devmap} on the module path; without it the JVM would
 * warn, so JNA is used instead), and the system property
 * {@value #PROPERTY} is not {@code jna}. With {@code ffm} there, a JVM
 * that cannot use it fails at the first call with the reason.
 */
public final class ForeignIoctl {
    /** {@code auto} (default), {@code ffm} or {@code jna}. */
    public static final String PROPERTY = "devmap.calls";

    /** (state, fd, request, arg) int; null when not used. */
    private static final MethodHandle IOCTL;
    /** Why {@link #IOCTL} is null, or null. */
    private static final String WHY_NOT;
    private static final boolean REQUIRED;
    /** Reflection for the error path and allocation only. */
    private static final Method ALLOCATE;
    private static final Object ARENA;
    private static final Object STATE_LAYOUT;
    private static final Method GET_INT;
    private static final Object JAVA_INT;
    private static final long ERRNO_OFFSET;

    static {
        String mode = System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
        MethodHandle ioctl = null;
        String why = null;
        Method allocate = null;
        Object arena = null;
        Object stateLayout = null;
        Method getInt = null;
        Object javaInt = null;
        long errnoOffset = 0;
        boolean known = mode.equals("auto") || mode.equals("ffm") || mode.equals("jna");
        if (!known) {
            why = "-D" + PROPERTY + "=" + mode + ": expected auto, ffm or jna";
        } else if (mode.equals("jna")) {
            why = "-D" + PROPERTY + "=jna";
        } else if (Runtime.version().feature() < 22) {
            why = "Java " + Runtime.version().feature() + " (java.lang.foreign needs 22)";
        } else if (Native.LONG_SIZE != 8) {
            why = "not an LP64 system";
        } else {
            try {
                if (!(Boolean) Module.class.getMethod("isNativeAccessEnabled")
                        .invoke(ForeignIoctl.class.getModule())) {
                    why = "native access is not enabled for "
                            + moduleName(ForeignIoctl.class.getModule());
                } else {
                    Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
                    Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
                    Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
                    Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
                    Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
                    Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
                    Class<?> lookupC = Class.forName("java.lang.foreign.SymbolLookup");
                    Class<?> arenaC = Class.forName("java.lang.foreign.Arena");
                    Class<?> pathC = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
                    Class<?> ofIntC = Class.forName("java.lang.foreign.ValueLayout$OfInt");

                    Object linker = linkerC.getMethod("nativeLinker").invoke(null);
                    Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
                    Optional<?> symbol = (Optional<?>) lookupC.getMethod("find", String.class)
                            .invoke(lookup, "ioctl");
                    if (symbol.isEmpty()) {
                        throw new IllegalStateException("no ioctl in the C library");
                    }
                    javaInt = valueC.getField("JAVA_INT").get(null);
                    Object javaLong = valueC.getField("JAVA_LONG").get(null);
                    Object args = Array.newInstance(layoutC, 3);
                    Array.set(args, 0, javaInt);
                    Array.set(args, 1, javaLong);
                    Array.set(args, 2, javaLong);
                    Object desc = descC.getMethod("of", layoutC, args.getClass())
                            .invoke(null, javaInt, args);
                    // ioctl is variadic from its third argument; errno is
                    // read right after the call, before the JVM can touch it.
                    Object options = Array.newInstance(optionC, 2);
                    Array.set(options, 0, optionC.getMethod("firstVariadicArg", int.class)
                            .invoke(null, 2));
                    Array.set(options, 1, optionC.getMethod("captureCallState", String[].class)
                            .invoke(null, (Object) new String[] {"errno"}));
                    MethodHandle h = (MethodHandle) linkerC
                            .getMethod("downcallHandle", segmentC, descC, options.getClass())
                            .invoke(linker, symbol.get(), desc, options);
                    ioctl = h.asType(MethodType.methodType(int.class, Object.class,
                            int.class, long.class, long.class));

                    stateLayout = optionC.getMethod("captureStateLayout").invoke(null);
                    Object path = Array.newInstance(pathC, 1);
                    Array.set(path, 0, pathC.getMethod("groupElement", String.class)
                            .invoke(null, "errno"));
                    errnoOffset = (Long) layoutC.getMethod("byteOffset", path.getClass())
                            .invoke(stateLayout, path);
                    arena = arenaC.getMethod("ofAuto").invoke(null);
                    allocate = arenaC.getMethod("allocate", layoutC);
                    getInt = segmentC.getMethod("get", ofIntC, long.class);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                ioctl = null;
                why = "java.lang.foreign failed: " + cause;
            }
        }
        IOCTL = ioctl;
        WHY_NOT = why;
        REQUIRED = !known || mode.equals("ffm");
        ALLOCATE = allocate;
        ARENA = arena;
        STATE_LAYOUT = stateLayout;
        GET_INT = getInt;
        JAVA_INT = javaInt;
        ERRNO_OFFSET = errnoOffset;
    }

    private ForeignIoctl() {
    }

    private static String moduleName(Module m) {
        return m.isNamed() ? m.getName() : "the class path (ALL-UNNAMED)";
    }

    /**
     * True when the calls go through {@code java.lang.foreign}.
     *
     * @return whether {@link #ioctl} may be called
     * @throws IllegalStateException when {@value #PROPERTY} is {@code ffm}
     *         and this JVM cannot use it, or is none of the three values
     */
    public static boolean enabled() {
        if (IOCTL == null && REQUIRED) {
            throw new IllegalStateException(WHY_NOT.startsWith("-D") ? WHY_NOT
                    : "-D" + PROPERTY + "=ffm, but " + WHY_NOT);
        }
        return IOCTL != null;
    }

    /**
     * The binding in use, for {@code devmap --version} and the benchmark.
     *
     * @return "java.lang.foreign", or "JNA (reason)"
     */
    public static String describe() {
        return IOCTL != null ? "java.lang.foreign" : "JNA (" + WHY_NOT + ")";
    }

    /**
     * A state segment for errno, one per caller that may run concurrently
     * with others; freed by the garbage collector.
     *
     * @return the segment, to pass to {@link #ioctl} and {@link #errno}
     */
    public static Object newState() {
        try {
            return ALLOCATE.invoke(ARENA, STATE_LAYOUT);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code ioctl(fd, request, arg)}; only when {@link #enabled()}.
     *
     * @param state from {@link #newState()}, not used by another call at
     *        the same time
     * @param fd the descriptor
     * @param request the request number
     * @param arg the address of the argument, allocated during the call
     * @return the call's result; -1 with {@link #errno(Object)} set
     */
    public static int ioctl(Object state, int fd, long request, long arg) {
        try {
            return (int) IOCTL.invokeExact(state, fd, request, arg);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * errno after the last failed {@link #ioctl} with this state.
     *
     * @param state the state passed to the call
     * @return errno
     */
    public static int errno(Object state) {
        try {
            return (Integer) GET_INT.invoke(state, JAVA_INT, ERRNO_OFFSET);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
