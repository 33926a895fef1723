package io.escheduler.hardware.cpufreq;

import io.escheduler.testing.FixtureMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    @Test
    void writtenCeilingsReadBack() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        Path file = CpuFreqPolicy.directory(machine.sysfs(), 5).resolve("scaling_max_freq");
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 5)) {
            assertThat(policy.ceilingKhz()).isEqualTo(4_200_000);

            // same length, shorter (the old text must not show through), longer again
            for (long khz : new long[] {2_000_000, 800_000, 4_200_000}) {
                policy.setCeilingKhz(khz);
                assertThat(policy.ceilingKhz()).as("after writing %d", khz).isEqualTo(khz);
                assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(khz + "\n");
            }
        }
    }

    @ParameterizedTest(name = "{0} kHz")
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void refusesCeilingsThatAreNotPositive(long khz) throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 0)) {
            assertThatThrownBy(() -> policy.setCeilingKhz(khz)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
            assertThat(policy.ceilingKhz()).isEqualTo(4_200_000);
        }
    }

    @Test
    void setsTheGovernor() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 2)) {
            policy.setGovernor("performance");

            assertThat(policy.governor()).isEqualTo("performance");
            assertThat(Files.readString(CpuFreqPolicy.directory(machine.sysfs(), 2).resolve("scaling_governor"))).isEqualTo("performance\n");
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "per formance", "powersave\n", " performance"})
    void refusesWhatIsNotAGovernorName(String governor) throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 0)) {
            assertThatThrownBy(() -> policy.setGovernor(governor)).isInstanceOf(IllegalArgumentException.class);
            assertThat(policy.governor()).isEqualTo("powersave");
        }
    }

    @Test
    void aMissingAttributeIsNotCreated() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        Path cpufreq = CpuFreqPolicy.directory(machine.sysfs(), 1);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 1)) {
            Files.delete(cpufreq.resolve("scaling_max_freq"));
            Files.delete(cpufreq.resolve("scaling_governor"));

            assertThatThrownBy(() -> policy.setCeilingKhz(1_000_000)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("scaling_max_freq");
            assertThatThrownBy(() -> policy.setGovernor("performance")).isInstanceOf(NoSuchFileException.class);
            assertThat(cpufreq.resolve("scaling_max_freq")).doesNotExist();
            assertThat(cpufreq.resolve("scaling_governor")).doesNotExist();
        }
    }

    @Test
    void noAvailableGovernorsFileMeansAnEmptyList() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        Files.delete(CpuFreqPolicy.directory(machine.sysfs(), 0).resolve("scaling_available_governors"));
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 0)) {
            assertThat(policy.availableGovernors()).isEmpty();
        }
    }

    /**
     * A driver reload recreates the attributes: the ceiling and the governor read (and read back
     * after a write) are the new files, never the old ones.
     */
    @Test
    void attributesReplacedUnderAnOpenPolicyAreReadAfresh() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        Path cpufreq = CpuFreqPolicy.directory(machine.sysfs(), 4);
        try (CpuFreqPolicy policy = CpuFreqPolicy.open(machine.sysfs(), 4)) {
            assertThat(policy.ceilingKhz()).isEqualTo(4_200_000);
            assertThat(policy.governor()).isEqualTo("powersave");

            replace(cpufreq.resolve("scaling_max_freq"), "3000000");
            replace(cpufreq.resolve("scaling_governor"), "performance");
            assertThat(policy.ceilingKhz()).isEqualTo(3_000_000);
            assertThat(policy.governor()).isEqualTo("performance");

            policy.setCeilingKhz(2_000_000);
            assertThat(policy.ceilingKhz()).isEqualTo(2_000_000);
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(fresh, content + "\n");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
