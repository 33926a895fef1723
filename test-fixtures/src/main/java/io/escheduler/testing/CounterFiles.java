package io.escheduler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The counter files of a fixture machine ({@code energy_uj}, {@code /proc/stat}) advanced while services read them. */
public final class CounterFiles {

    private CounterFiles() {
    }

    /**
     * Replaces the file's content with {@code text} (ASCII) in place: the same inode, as the kernel's counter files
     * stay, and truncated only when the length changes, so that a reader never sees the file empty between two
     * writes of the same length.
     */
    public static void writeInPlace(Path file, String text) {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            if (channel.size() != text.length()) {
                channel.truncate(0);
            }
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
