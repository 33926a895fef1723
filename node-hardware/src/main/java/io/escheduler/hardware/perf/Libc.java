package io.escheduler.hardware.perf;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The three libc entry points the perf binding needs, called through JNA's {@link Function} so no
 * reflection or proxy is involved (GraalVM native-image ready). Every method returns the call's
 * result, or {@code -errno} when the call failed (the kernel's own convention): errno is taken
 * with {@link Native#getLastError()} right after the call, on the calling thread, where JNA saves it.
 *
 * <p>The class loads libc and JNA's dispatch library when first initialised; under native-image
 * it must be initialised at run time (see {@code native-image.properties}).
 */
final class Libc {

    private static final NativeLibrary C = NativeLibrary.getInstance("c");
    /**
     * {@code long syscall(long number, ...)}. Called as a fixed-argument function: on x86_64 the
     * System V ABI passes integer arguments in the same registers for variadic and fixed calls, and
     * glibc's {@code syscall} stub only moves those registers into place.
     */
    private static final Function SYSCALL = C.getFunction("syscall");
    private static final Function READ = C.getFunction("read");
    private static final Function CLOSE = C.getFunction("close");

    private Libc() {
    }

    /** {@code syscall(number, a1..a5)}: the result, or {@code -errno}. */
    static long syscall(long number, Object a1, long a2, long a3, long a4, long a5) {
        long result = SYSCALL.invokeLong(new Object[] {number, a1, a2, a3, a4, a5});
        return result == -1 ? -Native.getLastError() : result;
    }

    /** {@code read(fd, buffer, count)}: the bytes read, or {@code -errno}. */
    static long read(int fd, Memory buffer, long count) {
        if (count > buffer.size()) {
            throw new IllegalArgumentException("read of " + count + " bytes into a buffer of " + buffer.size());
        }
        long result = READ.invokeLong(new Object[] {fd, buffer, count});
        return result == -1 ? -Native.getLastError() : result;
    }

    /** {@code close(fd)}: 0, or {@code -errno}. */
    static int close(int fd) {
        int result = CLOSE.invokeInt(new Object[] {fd});
        return result == -1 ? -Native.getLastError() : result;
    }
}
