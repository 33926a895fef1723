package io.escheduler.hardware.sysfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sysfs/procfs attribute file, opened once and re-read from offset 0 on every {@link #read()}:
 * the kernel regenerates an attribute's text for each read that starts at offset 0, so a file kept
 * open costs one {@code pread} per sample instead of open + read + close.
 *
 * <p>Only for attributes this process reads and never writes: a handle kept open reads the file
 * it opened, and an attribute written by path (or recreated by a driver reload) is another file.
 * When the kernel removes the attribute (driver unloaded or reloaded), reads on the old handle fail
 * ({@code ENODEV}); the file is then opened again once by its path before the failure is reported.
 *
 * <p>Not thread-safe: callers serialise reads (the samplers do).
 */
public final class AttributeFile implements Closeable {

    private static final int MAX_ATTRIBUTE_BYTES = 4096; // sysfs attributes are at most one page

    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_ATTRIBUTE_BYTES);
    private FileChannel channel;

    public AttributeFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The attribute's text without the trailing newline. */
    public String read() throws IOException {
        int length = fill();
        return new String(buffer.array(), 0, length, StandardCharsets.US_ASCII).strip();
    }

    /**
     * The attribute parsed as a decimal integer (e.g. {@code energy_uj}, {@code scaling_cur_freq}),
     * straight from the bytes read: no text is built unless it is not an integer.
     */
    public long readLong() throws IOException {
        int length = fill();
        byte[] bytes = buffer.array();
        int start = 0;
        int end = length;
        while (start < end && isSpace(bytes[start])) {
            start++;
        }
        while (end > start && isSpace(bytes[end - 1])) {
            end--;
        }
        boolean negative = start < end && bytes[start] == '-';
        int digits = negative ? start + 1 : start;
        long value = 0;
        boolean valid = digits < end && end - digits <= 18; // 18 digits cannot overflow a long
        for (int i = digits; valid && i < end; i++) {
            int digit = bytes[i] - '0';
            valid = digit >= 0 && digit <= 9;
            value = value * 10 + digit;
        }
        if (!valid) {
            String text = new String(bytes, start, end - start, StandardCharsets.US_ASCII);
            try {
                return Long.parseLong(text); // 19-digit values
            } catch (NumberFormatException e) {
                throw new IOException(path + ": expected an integer, read '" + text + "'");
            }
        }
        return negative ? -value : value;
    }

    private static boolean isSpace(byte b) {
        return b == '\n' || b == ' ' || b == '\t' || b == '\r';
    }

    /** Reads the whole attribute into {@link #buffer}; its length. Opens the file again once when the open handle fails. */
    private int fill() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return readOpen();
        }
        try {
            return readOpen();
        } catch (IOException stale) {
            close();
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (IOException reopen) {
                stale.addSuppressed(reopen);
                throw stale;
            }
            return readOpen();
        }
    }

    private int readOpen() throws IOException {
        buffer.clear();
        int total = 0;
        int n;
        while (buffer.hasRemaining() && (n = channel.read(buffer, total)) > 0) {
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
