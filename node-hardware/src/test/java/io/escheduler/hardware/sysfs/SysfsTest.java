package io.escheduler.hardware.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
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
}
