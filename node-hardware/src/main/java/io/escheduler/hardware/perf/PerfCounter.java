package io.escheduler.hardware.perf;

import com.sun.jna.Memory;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;

/**
 * An open perf event file descriptor of a counting event with {@code read_format} 0.
 *
 * <p>Thread-safe: reads and close are serialised, and a read after close fails instead of reading
 * a recycled descriptor.
 */
public final class PerfCounter implements Closeable {

    private static final Logger LOG = Logger.getLogger(PerfCounter.class);
    private static final int COUNT_BYTES = 8;

    private final String description;
    private final Memory buffer = new Memory(COUNT_BYTES);
    private int fd;

    PerfCounter(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /**
     * The event's count: a 64-bit unsigned value (negative as a Java {@code long} past 2^63), in
     * the event's own unit (nanoseconds for the software clocks, 2^-32 J for the power PMU, see its
     * {@code .scale} file). A counting event starts at 0 when it opens.
     *
     * @throws IOException when the descriptor is closed or {@code read(2)} fails or returns a short count
     */
    public synchronized long read() throws IOException {
        if (fd < 0) {
            throw new IOException(description + ": perf counter is closed");
        }
        long n = Libc.read(fd, buffer, COUNT_BYTES);
        if (n < 0) {
            int errno = (int) -n;
            throw new PerfException(errno, String.format("%s: read of perf fd %d failed: %s", description, fd, Errno.name(errno)));
        }
        if (n != COUNT_BYTES) {
            throw new IOException(String.format("%s: read of perf fd %d returned %d bytes, expected %d", description, fd, n, COUNT_BYTES));
        }
        return buffer.getLong(0);
    }

    public String description() {
        return description;
    }

    /** The file descriptor, or -1 once closed. */
    public synchronized int fd() {
        return fd;
    }

    /** Closes the descriptor; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        int result = Libc.close(fd);
        if (result < 0) {
            LOG.debugf("%s: close of perf fd %d failed: %s", description, fd, Errno.name(-result));
        }
        fd = -1;
    }

    @Override
    public String toString() {
        return description;
    }
}
