package io.escheduler.hardware.perf;

import java.io.IOException;

/**
 * A perf system call failed. The message names the errno and says what it means for perf events
 * (and, for a permission error, what to change).
 */
public final class PerfException extends IOException {

    private final int errno;

    PerfException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** The errno the kernel returned. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * The caller lacks the privilege (EACCES, EPERM): no further event of the same kind will open
     * either, so there is no point in trying the rest.
     */
    public boolean permissionDenied() {
        return errno == Errno.EACCES || errno == Errno.EPERM;
    }
}
