package io.escheduler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One MSR fixture file: register R held little-endian in bytes [8R, 8R+8) of a sparse file, the
 * layout that {@code msr-fixture-preload.so} ({@code test-fixtures/src/main/c/}) turns back into
 * {@code /dev/cpu/N/msr} semantics.
 *
 * <p>When this JVM itself runs with the preload library and the file lies under
 * {@code $MSR_FIXTURE_ROOT}, the library already multiplies offsets by 8; this class mirrors the
 * library's own test so that it writes the same bytes either way.
 */
public final class MsrFixtureFile {

    private final Path path;

    public MsrFixtureFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public long read(long register) {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.read(buffer, offset(register));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.position(8); // a register past the end of the file reads as 0
        return buffer.flip().getLong();
    }

    public void write(long register, long value) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip(), offset(register));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds {@code delta} to the low 32 bits, wrapping at 2^32 as RAPL energy-status counters do. */
    public void add32(long register, long delta) {
        long value = read(register);
        long low = (value + delta) & 0xFFFF_FFFFL;
        write(register, (value & 0xFFFF_FFFF_0000_0000L) | low);
    }

    private long offset(long register) {
        return preloadActive() ? register : register * 8;
    }

    /** The preload library's own rule: preloaded, the path under $MSR_FIXTURE_ROOT and ending in /msr or /msr_safe. */
    private boolean preloadActive() {
        String preload = System.getenv("LD_PRELOAD");
        String root = System.getenv("MSR_FIXTURE_ROOT");
        if (preload == null || !preload.contains("msr-fixture-preload") || root == null || root.isEmpty()) {
            return false;
        }
        String name = path.getFileName().toString();
        if (!name.equals("msr") && !name.equals("msr_safe")) {
            return false;
        }
        try {
            Path real = Files.exists(path) ? path.toRealPath() : path.getParent().toRealPath().resolve(name);
            return real.toString().startsWith(root);
        } catch (IOException e) {
            return path.toAbsolutePath().toString().startsWith(root);
        }
    }
}
