package io.escheduler.hardware.sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One-shot reads and writes of small kernel text files (sysfs, procfs). */
public final class Sysfs {

    private Sysfs() {
    }

    public static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.US_ASCII).strip();
    }

    /**
     * Writes {@code value} and a newline to an existing attribute the way {@code echo value > file}
     * does: open for writing with truncation (never creating the file), one write, close. The
     * kernel's store handler sees the whole text at once and answers with an errno.
     *
     * @throws java.nio.file.NoSuchFileException    the attribute does not exist (nothing is created)
     * @throws java.nio.file.AccessDeniedException  this process may not open it for writing (not root)
     * @throws FileSystemException                  the kernel refused the value: {@link FileSystemException#getFile()}
     *                                              is the path, {@link FileSystemException#getReason()} ends with the
     *                                              errno text ({@code Invalid argument}, {@code Permission denied}, ...)
     */
    public static void write(Path path, String value) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                FileSystemException failure = new FileSystemException(path.toString(), null,
                        "writing '" + value + "' failed: " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }
    }

    public static long readLong(Path path) throws IOException {
        String text = read(path);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(path + ": expected an integer, read '" + text + "'");
        }
    }

    /** The file's text, or empty when it does not exist or cannot be read. */
    public static Optional<String> readIfPresent(Path path) {
        try {
            return Optional.of(read(path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Optional<Long> readLongIfPresent(Path path) {
        try {
            return Optional.of(readLong(path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a kernel CPU list such as {@code 0-3,8,10-11} (the format of
     * {@code /sys/devices/system/cpu/online} and {@code cpumask} files).
     */
    public static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        String trimmed = list.strip();
        if (trimmed.isEmpty()) {
            return cpus;
        }
        for (String part : trimmed.split(",")) {
            String range = part.strip();
            int dash = range.indexOf('-');
            try {
                if (dash < 0) {
                    cpus.add(Integer.parseInt(range));
                } else {
                    int first = Integer.parseInt(range.substring(0, dash));
                    int last = Integer.parseInt(range.substring(dash + 1));
                    if (last < first) {
                        throw new IllegalArgumentException("CPU range '" + range + "' ends before it starts");
                    }
                    for (int cpu = first; cpu <= last; cpu++) {
                        cpus.add(cpu);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list: '" + list + "'");
            }
        }
        return cpus;
    }
}
