package io.escheduler.hardware.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcStatTest {

    @TempDir
    Path dir;

    @Test
    void splitsBusyFromIdle() throws IOException {
        Files.writeString(dir.resolve("stat"), "cpu  4705 356 584 3699176 23 23 10 7 3 0\ncpu0 1 2 3 4 5 6 7 8 9 0\nintr 12\n");
        try (ProcStat stat = new ProcStat(dir)) {
            CpuTimes times = stat.read();
            // busy = user + nice + system + irq + softirq + steal; guest is already in user
            assertThat(times.busySeconds()).isEqualTo((4705 + 356 + 584 + 23 + 10 + 7) / 100.0);
            assertThat(times.idleSeconds()).isEqualTo((3699176 + 23) / 100.0);
        }
    }

    @Test
    void refusesAFileThatIsNotProcStat() throws IOException {
        Files.writeString(dir.resolve("stat"), "intr 12\n");
        try (ProcStat stat = new ProcStat(dir)) {
            assertThatThrownBy(stat::read).hasMessageContaining("aggregate cpu line");
        }
    }
}
