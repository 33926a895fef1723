package io.escheduler.hardware.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysfsTest {

    @TempDir
    Path dir;

    @Test
    void parsesKernelCpuLists() {
        assertThat(Sysfs.parseCpuList("0-3,8,10-11\n")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(Sysfs.parseCpuList("5")).containsExactly(5);
        assertThat(Sysfs.parseCpuList("")).isEmpty();
        assertThatThrownBy(() -> Sysfs.parseCpuList("3-1")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> Sysfs.parseCpuList("a")).hasMessageContaining("not a CPU list");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "0\\n                    | 0",
            "262143328850\\n         | 262143328850",
            "  -17 \\n               | -17",
            "9223372036854775807\\n  | 9223372036854775807",
            "-9223372036854775808   | -9223372036854775808",
    })
    void attributeFileParsesIntegersFromItsBytes(String text, long expected) throws IOException {
        Path file = dir.resolve("value");
        Files.writeString(file, text.replace("\\n", "\n"));
        try (AttributeFile attribute = new AttributeFile(file)) {
            assertThat(attribute.readLong()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "\n", "-", "12a", "1 2", "9223372036854775808", "<unsupported>"})
    void attributeFileRefusesWhatIsNotAnInteger(String text) throws IOException {
        Path file = dir.resolve("value");
        Files.writeString(file, text);
        try (AttributeFile attribute = new AttributeFile(file)) {
            assertThatThrownBy(attribute::readLong).isInstanceOf(IOException.class)
                    .hasMessageContaining(file + ": expected an integer, read '" + text.strip() + "'");
        }
    }

    @Test
    void attributeFileSeesEveryNewValue() throws IOException {
        Path file = dir.resolve("energy_uj");
        Files.writeString(file, "123456789\n");
        try (AttributeFile attribute = new AttributeFile(file)) {
            assertThat(attribute.readLong()).isEqualTo(123456789L);
            Files.writeString(file, "42\n"); // shorter than before: no stale digits
            assertThat(attribute.readLong()).isEqualTo(42L);
        }
    }

    @Test
    void attributeFileNamesThePathOnGarbage() throws IOException {
        Path file = dir.resolve("scaling_cur_freq");
        Files.writeString(file, "<unknown>\n");
        try (AttributeFile attribute = new AttributeFile(file)) {
            assertThatThrownBy(attribute::readLong).hasMessageContaining(file.toString()).hasMessageContaining("<unknown>");
        }
    }

    @Test
    void writesLikeEchoIntoAnExistingFileOnly() throws IOException {
        Path file = dir.resolve("scaling_max_freq");
        Files.writeString(file, "4200000\n");

        Sysfs.write(file, "800000");

        assertThat(Files.readString(file)).isEqualTo("800000\n");
        Path missing = dir.resolve("power_limit_uw");
        assertThatThrownBy(() -> Sysfs.write(missing, "1")).isInstanceOf(NoSuchFileException.class);
        assertThat(missing).doesNotExist();
    }

    @Test
    void aRefusedWriteNamesTheFileTheValueAndTheErrno() throws IOException {
        Path file = dir.resolve("enabled");
        Files.createSymbolicLink(file, Path.of("/dev/full")); // opens, then every write fails with ENOSPC

        assertThatThrownBy(() -> Sysfs.write(file, "1"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> {
                    assertThat(e.getFile()).isEqualTo(file.toString());
                    assertThat(e.getReason()).isEqualTo("writing '1' failed: No space left on device");
                });
    }
}
