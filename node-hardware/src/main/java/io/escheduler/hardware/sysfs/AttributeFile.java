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
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        buffer.clear();
        int total = 0;
        int n;
        while (buffer.hasRemaining() && (n = channel.read(buffer, total)) > 0) {
            total += n;
        }
        return new String(buffer.array(), 0, total, StandardCharsets.US_ASCII).strip();
    }

    /** The attribute parsed as a decimal integer (e.g. {@code energy_uj}, {@code scaling_cur_freq}). */
    public long readLong() throws IOException {
        String text = read();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(path + ": expected an integer, read '" + text + "'");
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
