package io.escheduler.hardware.powercap;

import io.escheduler.hardware.energy.EnergyMeter;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.rapl.PackagePower;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitRegister;
import io.escheduler.hardware.rapl.ZonePowerLimits;
import io.escheduler.testing.FixtureMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.escheduler.hardware.rapl.RaplDomain.CORE;
import static io.escheduler.hardware.rapl.RaplDomain.DRAM;
import static io.escheduler.hardware.rapl.RaplDomain.PACKAGE;
import static io.escheduler.hardware.rapl.RaplDomain.PSYS;
import static io.escheduler.hardware.rapl.RaplDomain.UNCORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PowercapRaplTest {

    @TempDir
    Path dir;

    @Test
    void zonesAreKnownByTheirNamesNotTheirNumbers() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        try (EnergyMeter meter = new EnergyMeter(PowercapRapl.open(machine.sysfs()))) {
            // intel-rapl:1 is PSys on this laptop, not a second package
            Map<ZoneKey, Double> joules = meter.sample().joules();
            Map<ZoneKey, Double> expected = Map.of(
                    ZoneKey.of(0, PACKAGE), 18641.351074,
                    ZoneKey.of(0, CORE), 10995.483398,
                    ZoneKey.of(0, UNCORE), 72.817749,
                    ZoneKey.of(0, DRAM), 2257.351074,
                    ZoneKey.platform(PSYS), 36117.617737);
            assertThat(joules).containsOnlyKeys(expected.keySet());
            expected.forEach((key, value) -> assertThat(joules.get(key)).as(key.toString()).isCloseTo(value, within(1e-9)));
        }
    }

    @Test
    void energyWrapsAfterMaxEnergyRange() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        Path energy = machine.powercapFile("intel-rapl:1:0", "energy_uj");
        long max = 65_712_999_613L;
        try (EnergyMeter meter = new EnergyMeter(PowercapRapl.open(machine.sysfs()))) {
            machine.writeFile(energy, max - 5_000_000);
            meter.sample();
            machine.writeFile(energy, 7_000_000); // past the top: 5 J + 1 µJ + 7 J later

            double joules = meter.sample().joules(ZoneKey.of(1, DRAM));

            assertThat(joules).isCloseTo((max - 5_000_000 + 5_000_001 + 7_000_000) / 1e6, within(1e-6));
        }
    }

    @Test
    void readsConstraintsAndPackagePower() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (PowercapRapl rapl = PowercapRapl.open(machine.sysfs())) {
            Map<ZoneKey, PowerLimitRegister> limits = rapl.readLimits().stream()
                    .collect(Collectors.toMap(ZonePowerLimits::key, ZonePowerLimits::limits));

            assertThat(limits.get(ZoneKey.of(0, PACKAGE))).isEqualTo(new PowerLimitRegister(
                    new PowerLimit(85, true, false, 0.999424), Optional.of(new PowerLimit(102, true, false, 0.009765)), false));
            assertThat(limits.get(ZoneKey.of(1, DRAM)).longTerm()).isEqualTo(new PowerLimit(0, false, false, 0.000976));
            assertThat(rapl.packagePower()).containsExactly(new PackagePower("0", 85, 0, 150), new PackagePower("1", 85, 0, 150));
        }
    }

    @Test
    void amdPackageWithoutConstraintsHasNoLimits() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", dir);
        try (PowercapRapl rapl = PowercapRapl.open(machine.sysfs())) {
            assertThat(rapl.zones()).hasSize(1);
            assertThat(rapl.readLimits()).isEmpty();
        }
    }

    @Test
    void noZonesNamesTheDriverToLoad() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        Path empty = dir.resolve("empty-sys");
        java.nio.file.Files.createDirectories(empty.resolve("class/powercap"));

        assertThatThrownBy(() -> PowercapRapl.open(empty)).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(empty.resolve("class/powercap").toString())
                .hasMessageContaining("modprobe intel_rapl_msr");
        assertThat(machine.sysfs()).exists();
    }

    @Test
    void zeroCounterIsLeftOut() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        machine.writeFile(machine.powercapFile("intel-rapl:0:1", "energy_uj"), 0);

        try (PowercapRapl rapl = PowercapRapl.open(machine.sysfs())) {
            assertThat(rapl.zones()).extracting(z -> z.key().domain()).doesNotContain(UNCORE).contains(PACKAGE, PSYS);
        }
    }
}
