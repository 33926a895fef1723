package io.escheduler.hardware.perf;

import io.escheduler.hardware.energy.EnergyZone;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuTopology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opens real perf events on this machine. It has no {@code power} PMU, so the fixture sysfs
 * describes one: with a type the kernel does not know, or pointing at the software PMU (type 1,
 * config 0 = cpu-clock) so that system-wide events really open, count and close.
 */
class PerfRaplTest {

    @TempDir
    Path sysfs;
    @TempDir
    Path procfs;

    /** CPUs 0 and 1 of this machine, posing as the first CPUs of two packages. */
    private final CpuTopology twoPackages = new CpuTopology(List.of(new Cpu(0, 0, 0), new Cpu(1, 1, 0)));

    @BeforeEach
    void paranoid() throws IOException {
        PowerPmuFixture.paranoid(procfs, 2);
    }

    @Test
    void pmuTypeUnknownToTheKernelFailsWithTheKernelsReason() {
        PowerPmuFixture.create(sysfs, "4242", "0,1")
                .event("energy-pkg", "event=0x02")
                .event("energy-ram", "event=0x03");

        assertThatThrownBy(() -> PerfRapl.open(sysfs, procfs, twoPackages))
                .isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceKind.PERF);
                    assertThat(e.getCause()).isInstanceOf(PerfException.class);
                })
                .hasMessageContaining("no perf power event of " + sysfs.resolve("bus/event_source/devices/power") + " opens")
                .hasMessageContaining("perf power/energy-pkg on CPU 0: type 4242 config 0x2, pid -1, cpu 0")
                .hasMessageContaining("event not supported (ENOENT)")
                .hasMessageContaining("kernel.perf_event_paranoid is 2 (read " + procfs.resolve("sys/kernel/perf_event_paranoid") + ")");
    }

    @Test
    void missingPmuIsUnavailable() {
        assertThatThrownBy(() -> PerfRapl.open(sysfs, procfs, twoPackages))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("no perf power PMU at")
                .hasMessageContaining("CONFIG_PERF_EVENTS_INTEL_RAPL");
    }

    @Test
    void malformedPmuIsUnavailableWithTheFileNamed() {
        PowerPmuFixture pmu = PowerPmuFixture.create(sysfs, "17", "0").event("energy-pkg", "evnt=0x02");

        assertThatThrownBy(() -> PerfRapl.open(sysfs, procfs, twoPackages))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("cannot read the perf power PMU")
                .hasMessageContaining(pmu.dir().resolve("events/energy-pkg").toString());
    }

    @Test
    void opensOneCounterPerCpumaskCpuAndPsysOnceThenCloses() throws IOException {
        // Software PMU: config 0 is cpu-clock (opens system-wide for root), config 0x7F does not exist.
        PowerPmuFixture.create(sysfs, Integer.toString(PerfEventOpen.PERF_TYPE_SOFTWARE), "0,1")
                .event("energy-pkg", "event=0x00")
                .event("energy-ram", "event=0x7f")
                .event("energy-psys", "event=0x00");

        PerfRapl rapl = PerfRapl.open(sysfs, procfs, twoPackages);
        List<EnergyZone> zones;
        try {
            assertThat(rapl.kind()).isEqualTo(SourceKind.PERF);
            zones = rapl.zones();
            assertThat(zones).extracting(EnergyZone::key).containsExactly(
                    ZoneKey.of(0, RaplDomain.PACKAGE), ZoneKey.of(1, RaplDomain.PACKAGE), ZoneKey.platform(RaplDomain.PSYS));
            assertThat(zones).extracting(EnergyZone::location).containsExactly(
                    "perf power/energy-pkg on CPU 0", "perf power/energy-pkg on CPU 1", "perf power/energy-psys on CPU 0");
            assertThat(zones).allSatisfy(zone -> {
                assertThat(zone.maxWatts()).isEqualTo(PerfRapl.MAX_WATTS);
                assertThat(zone.counter().rangeJoules()).isEqualTo(0x1p32); // 2^64 counts of 2^-32 J
            });

            EnergyZone pkg0 = zones.get(0);
            long first = pkg0.reader().read();
            long end = System.nanoTime() + 5_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            long second = pkg0.reader().read();
            assertThat(second).isGreaterThan(first);
            double joules = pkg0.counter().update(first);
            assertThat(pkg0.counter().update(second) - joules).isEqualTo((second - first) * 0x1p-32);
        } finally {
            rapl.close();
        }
        assertThatThrownBy(() -> zones.get(0).reader().read()).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    /**
     * perf counts from the open, so the kernel's rule (a domain exists when its counter is not zero)
     * is applied after the first sampling interval: a counter still at 0 then is left out. The
     * software PMU's dummy event (config 9) counts nothing, as a hypervisor's energy-psys does.
     */
    @Test
    void aCounterStillAtZeroAfterTheFirstIntervalIsLeftOut() throws IOException {
        PowerPmuFixture.create(sysfs, Integer.toString(PerfEventOpen.PERF_TYPE_SOFTWARE), "0,1")
                .event("energy-pkg", "event=0x00")
                .event("energy-psys", "event=0x09");

        PerfRapl rapl = PerfRapl.open(sysfs, procfs, twoPackages);
        try {
            assertThat(rapl.zones()).extracting(EnergyZone::key).containsExactly(
                    ZoneKey.of(0, RaplDomain.PACKAGE), ZoneKey.of(1, RaplDomain.PACKAGE));
        } finally {
            rapl.close();
        }
    }

    @Test
    void everyCounterStillAtZeroMakesTheSourceUnavailable() {
        PowerPmuFixture.create(sysfs, Integer.toString(PerfEventOpen.PERF_TYPE_SOFTWARE), "0,1")
                .event("energy-psys", "event=0x09");

        assertThatThrownBy(() -> PerfRapl.open(sysfs, procfs, twoPackages))
                .isInstanceOfSatisfying(SourceUnavailableException.class, e -> assertThat(e.kind()).isEqualTo(SourceKind.PERF))
                .hasMessageContaining("perf power/energy-psys on CPU 0")
                .hasMessageContaining("still 0")
                .hasMessageContaining("virtual machine");
    }
}
