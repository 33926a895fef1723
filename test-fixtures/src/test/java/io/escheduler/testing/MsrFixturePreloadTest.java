package io.escheduler.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preload library this JVM runs under (surefire sets {@code LD_PRELOAD} and {@code MSR_FIXTURE_ROOT}): a
 * fixture MSR file is read and written at the register's number, as {@code /dev/cpu/N/msr} is, by the same
 * positioned reads that node-hardware makes; every other file is left alone.
 */
class MsrFixturePreloadTest {

    private static final long PKG_POWER_LIMIT = 0x610;
    private static final long PKG_ENERGY_STATUS = 0x611;

    @BeforeAll
    static void preloaded() {
        assertThat(System.getenv("LD_PRELOAD")).as("surefire preloads the library").isEqualTo(PreloadLibrary.path().toString());
    }

    @Test
    void registersAreReadAtTheirNumberAndStoredAtEightTimesIt() throws IOException {
        Path msr = PreloadLibrary.newFixtureDirectory("preload").resolve("dev/cpu/0/msr");
        MsrFixtureFile fixture = new MsrFixtureFile(msr);
        fixture.write(PKG_POWER_LIMIT, 0x00DD_8000_0014_8118L);
        fixture.write(PKG_ENERGY_STATUS, 0x1234_5678L);

        assertThat(readAt(msr, PKG_ENERGY_STATUS)).isEqualTo(0x1234_5678L);
        assertThat(readAt(msr, PKG_POWER_LIMIT)).isEqualTo(0x00DD_8000_0014_8118L);
        assertThat(Files.size(msr)).as("register R sits in bytes [8R, 8R+8)").isEqualTo((PKG_ENERGY_STATUS + 1) * 8);

        writeAt(msr, PKG_POWER_LIMIT, 42);
        assertThat(fixture.read(PKG_POWER_LIMIT)).isEqualTo(42);
        assertThat(readAt(msr, PKG_ENERGY_STATUS)).as("neighbouring registers share no byte").isEqualTo(0x1234_5678L);
    }

    @Test
    void seeksAreInRegistersAndSymbolicLinksIntoTheRootCount() throws IOException {
        Path dir = PreloadLibrary.newFixtureDirectory("preload");
        Path msr = dir.resolve("dev/cpu/1/msr_safe");
        new MsrFixtureFile(msr).write(PKG_ENERGY_STATUS, 77);
        Path link = Files.createSymbolicLink(dir.resolve("link"), msr);

        try (RandomAccessFile file = new RandomAccessFile(link.toFile(), "r")) {
            file.seek(PKG_ENERGY_STATUS);
            assertThat(file.getFilePointer()).isEqualTo(PKG_ENERGY_STATUS);
        }
        assertThat(readAt(dir.resolve("dev/cpu/../cpu/1/msr_safe"), PKG_ENERGY_STATUS)).isEqualTo(77);
    }

    @Test
    void filesOutsideTheRootOrWithOtherNamesAreUntouched(@TempDir Path outside) throws IOException {
        Path notUnderRoot = outside.resolve("msr");
        Path otherName = PreloadLibrary.newFixtureDirectory("preload").resolve("energy_uj");
        for (Path plain : new Path[] {notUnderRoot, otherName}) {
            byte[] bytes = new byte[64];
            bytes[8] = 9;
            Files.write(plain, bytes);
            assertThat(readAt(plain, 8)).as(plain.toString()).isEqualTo(9);
        }
    }

    private static long readAt(Path path, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            assertThat(channel.read(buffer, position)).isEqualTo(8);
        }
        return buffer.flip().getLong();
    }

    private static void writeAt(Path path, long position, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip(), position);
        }
    }
}
