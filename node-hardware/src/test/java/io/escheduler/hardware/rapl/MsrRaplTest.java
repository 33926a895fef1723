package io.escheduler.hardware.rapl;

import io.escheduler.hardware.energy.EnergyMeter;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.PreloadLibrary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static io.escheduler.hardware.rapl.RaplDomain.CORE;
import static io.escheduler.hardware.rapl.RaplDomain.DRAM;
import static io.escheduler.hardware.rapl.RaplDomain.PACKAGE;
import static io.escheduler.hardware.rapl.RaplDomain.PSYS;
import static io.escheduler.hardware.rapl.RaplDomain.UNCORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MsrRapl on fixture machines whose /dev/cpu/N/msr files act as MSR devices through the preload library. */
class MsrRaplTest {

    private static final double J14 = Math.scalb(1.0, -14);
    private static final double J16 = Math.scalb(1.0, -16);

    @Test
    void intelClientHasEveryDomain() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        try (EnergyMeter meter = new EnergyMeter(open(machine))) {
            assertThat(joules(meter)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    ZoneKey.platform(PSYS), 0x23456789L * J14,
                    ZoneKey.of(0, PACKAGE), 0x12345678L * J14,
                    ZoneKey.of(0, CORE), 0x0ABCDEF0L * J14,
                    ZoneKey.of(0, UNCORE), 0x00123456L * J14,
                    ZoneKey.of(0, DRAM), 0x02345678L * J14));
        }
    }

    @Test
    void serverDramUsesTheFixedUnitAndZeroCountersAreLeftOut() throws IOException {
        FixtureMachine machine = machine("xeon-2s-clx");
        try (EnergyMeter meter = new EnergyMeter(open(machine))) {
            assertThat(joules(meter)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    ZoneKey.platform(PSYS), 0x00A1B2C3L * J14,
                    ZoneKey.of(0, PACKAGE), 0x6A3F0C21L * J14,
                    ZoneKey.of(0, DRAM), 0x3B2A1908L * J16,
                    ZoneKey.of(1, PACKAGE), 0x2F1E0D0CL * J14,
                    ZoneKey.of(1, DRAM), 0x1A2B3C4DL * J16)); // PP0 reads 0 on this Xeon: no core domain
        }
    }

    @Test
    void sapphireRapidsPsysCountsWholeJoules() throws IOException {
        FixtureMachine machine = machine("xeon-2s-spr");
        try (EnergyMeter meter = new EnergyMeter(open(machine))) {
            Map<ZoneKey, Double> joules = joules(meter);
            assertThat(joules.get(ZoneKey.platform(PSYS))).isEqualTo(0x0004F1A0L * 1.0);
            assertThat(joules.get(ZoneKey.of(1, DRAM))).isEqualTo(0x0B0B0B0BL * J14);
        }
    }

    @Test
    void amdSumsItsPerCoreCountersIntoTheCoreDomain() throws IOException {
        FixtureMachine machine = machine("amd-ryzen-5800x");
        try (MsrRapl rapl = open(machine); EnergyMeter meter = new EnergyMeter(rapl)) {
            long cores = 0;
            for (int core = 0; core < 8; core++) {
                cores += 0x01000000L + core * 0x00100000L;
            }
            assertThat(joules(meter)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    ZoneKey.of(0, PACKAGE), 0x7E57AB1EL * J16,
                    ZoneKey.of(0, CORE), cores * J16));
            assertThat(rapl.readLimits()).as("AMD has no power-limit registers").isEmpty();
            assertThat(rapl.packagePower()).isEmpty();
        }
    }

    @Test
    void followsWrapsOfTheHardwareCounter() throws IOException {
        FixtureMachine machine = machine("xeon-2s-clx");
        try (EnergyMeter meter = new EnergyMeter(open(machine))) {
            long start = 0x6A3F0C21L;
            long travelled = 0;
            for (int i = 0; i < 5; i++) { // 5 x 0x70000000 counts: the counter wraps twice
                machine.addPackageCounter(0, IntelRaplRegisters.MSR_PKG_ENERGY_STATUS, 0x7000_0000L);
                travelled += 0x7000_0000L;
                meter.sample();
            }
            assertThat(machine.msr(0).read(IntelRaplRegisters.MSR_PKG_ENERGY_STATUS)).isEqualTo((start + travelled) & 0xFFFF_FFFFL);
            assertThat(meter.sample().joules(ZoneKey.of(0, PACKAGE))).isEqualTo((start + travelled) * J14);
            assertThat(meter.sample().joules(ZoneKey.of(1, PACKAGE))).isEqualTo(0x2F1E0D0CL * J14);
        }
    }

    @Test
    void readsIntelPowerLimitsAndPowerInfo() throws IOException {
        try (MsrRapl rapl = open(machine("xeon-2s-clx"))) {
            Map<ZoneKey, PowerLimitRegister> limits = rapl.readLimits().stream()
                    .collect(Collectors.toMap(ZonePowerLimits::key, ZonePowerLimits::limits));

            assertThat(limits.keySet()).containsExactlyInAnyOrder(ZoneKey.of(0, PACKAGE), ZoneKey.of(0, DRAM),
                    ZoneKey.of(1, PACKAGE), ZoneKey.of(1, DRAM), ZoneKey.platform(PSYS));
            PowerLimitRegister pkg = limits.get(ZoneKey.of(1, PACKAGE));
            assertThat(pkg.locked()).isTrue();
            assertThat(pkg.longTerm()).isEqualTo(new PowerLimit(85, true, true, 1.0));
            assertThat(pkg.shortTerm()).contains(new PowerLimit(102, true, true, 0.009765625));
            assertThat(rapl.packagePower()).containsExactly(new PackagePower("0", 85, 48, 150), new PackagePower("1", 85, 48, 150));
        }
    }

    @Test
    void samplingPeriodFollowsTheFastestWrappingCounter() throws IOException {
        try (EnergyMeter meter = new EnergyMeter(open(machine("xeon-2s-clx")))) {
            // PSys: 2^32 x 2^-14 J = 262 144 J at an assumed 1000 W platform bound wraps in 262 s, before
            // DRAM's 2^32 x 2^-16 J = 65 536 J at the package's 150 W maximum (437 s)
            assertThat(meter.fastestWrappingZone().key().domain()).isEqualTo(PSYS);
            assertThat(meter.maxSampleInterval()).isEqualTo(Duration.ofMillis(131_072));
            assertThat(meter.defaultSampleInterval()).isEqualTo(Duration.ofSeconds(60));
        }
        try (EnergyMeter meter = new EnergyMeter(open(machine("amd-ryzen-5800x")))) {
            // AMD reports no power: 65 536 J at the assumed 1000 W wraps in 65.5 s, sampled every 16.4 s
            assertThat(meter.maxSampleInterval()).isEqualTo(Duration.ofNanos(32_768_000_000L));
            assertThat(meter.defaultSampleInterval()).isEqualTo(Duration.ofNanos(16_384_000_000L));
        }
    }

    @Test
    void aDomainThatStopsReadingCountsErrorsAndKeepsItsValue() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        try (EnergyMeter meter = new EnergyMeter(open(machine))) {
            double before = meter.sample().joules(ZoneKey.platform(PSYS));
            // truncating the files makes the highest registers (0x64D PSys energy, 0x65C) unreadable on every CPU
            for (int cpu = 0; cpu < machine.cpuCount(); cpu++) {
                try (var channel = java.nio.channels.FileChannel.open(machine.msr(cpu).path(), java.nio.file.StandardOpenOption.WRITE)) {
                    channel.truncate(0x64DL * 8);
                }
            }
            machine.addPackageCounter(0, IntelRaplRegisters.MSR_PKG_ENERGY_STATUS, 1000);

            EnergyMeter.Snapshot snapshot = meter.sample();

            assertThat(snapshot.joules(ZoneKey.platform(PSYS))).isEqualTo(before);
            assertThat(snapshot.readErrors(ZoneKey.platform(PSYS))).isEqualTo(1);
            assertThat(snapshot.readErrors(ZoneKey.of(0, PACKAGE))).isZero();
            assertThat(snapshot.failing()).containsExactly(ZoneKey.platform(PSYS));
            assertThat(snapshot.joules(ZoneKey.of(0, PACKAGE))).isEqualTo((0x12345678L + 1000) * J14);
        }
    }

    @Test
    void missingDevicesNameThePathAndTheFix() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        String pattern = machine.root().resolve("nowhere") + "/%d/msr";

        assertThatThrownBy(() -> MsrRapl.open(new MsrDevices(pattern, false), CpuTopology.read(machine.sysfs()), CpuIdentity.read(machine.procfs())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(machine.root().resolve("nowhere/0/msr").toString())
                .hasMessageContaining("modprobe msr");
        String safe = machine.root().resolve("nowhere") + "/%d/msr_safe";
        assertThatThrownBy(() -> MsrRapl.open(new MsrDevices(safe, false), CpuTopology.read(machine.sysfs()), CpuIdentity.read(machine.procfs())))
                .hasMessageContaining("msr-safe");
    }

    @Test
    void unreadableUnitRegisterSaysWhy() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        for (int cpu = 0; cpu < machine.cpuCount(); cpu++) {
            Files.delete(machine.msr(cpu).path());
            Files.createFile(machine.msr(cpu).path()); // an MSR device where nothing reads, as in most VMs
        }

        assertThatThrownBy(() -> open(machine))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("register 0x606 is not readable")
                .hasMessageContaining("VM");
    }

    @Test
    void cpuWithoutRaplIsRefused() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        machine.writeFile(machine.procfs().resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 16\nmodel\t\t: 4\nmodel name\t: AMD Phenom(tm) II X4\n");

        assertThatThrownBy(() -> open(machine)).hasMessageContaining("family 10h").hasMessageContaining("no RAPL interface");
    }

    static FixtureMachine machine(String name) {
        return FixtureMachine.create(name, PreloadLibrary.newFixtureDirectory(name));
    }

    static MsrRapl open(FixtureMachine machine) throws IOException {
        return MsrRapl.open(new MsrDevices(machine.msrPattern(), false), CpuTopology.read(machine.sysfs()), CpuIdentity.read(machine.procfs()));
    }

    private static Map<ZoneKey, Double> joules(EnergyMeter meter) {
        return meter.sample().joules();
    }
}
