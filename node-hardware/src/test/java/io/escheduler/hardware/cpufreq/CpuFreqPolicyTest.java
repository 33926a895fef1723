package io.escheduler.hardware.cpufreq;

import io.escheduler.testing.FixtureMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuFreqPolicyTest {

    @TempDir
    Path dir;

    @Test
    void readsFrequenciesInKhz() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", dir);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 3)) {
            assertThat(policy.currentKhz()).isEqualTo(3_600_000);
            assertThat(policy.ceilingKhz()).isEqualTo(4_850_000);
            assertThat(policy.hardwareMinKhz()).isEqualTo(2_200_000);
            assertThat(policy.hardwareMaxKhz()).isEqualTo(4_850_000);
            assertThat(policy.governor()).isEqualTo("schedutil");
            assertThat(policy.availableGovernors()).contains("performance", "powersave", "schedutil");

            machine.writeFile(CpuFreqPolicy.directory(machine.sysfs(), 3).resolve("scaling_max_freq"), 2_200_000);
            assertThat(policy.ceilingKhz()).isEqualTo(2_200_000);
        }
    }

    @Test
    void noCpufreqDirectory() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", dir);

        assertThatThrownBy(() -> CpuFreqPolicy.open(machine.sysfs(), 99)).isInstanceOf(NoSuchFileException.class);
    }
}
