package io.escheduler.hardware.perf;

import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.rapl.RaplDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PerfPowerPmuTest {

    @TempDir
    Path sysfs;

    /** A two-socket Emerald Rapids server (64 cores per socket): pkg, ram and psys, no cores or gpu event. */
    private PowerPmuFixture twoSocketServer() {
        return PowerPmuFixture.create(sysfs, "17", "0,64")
                .event("energy-pkg", "event=0x02")
                .event("energy-ram", "event=0x03")
                .event("energy-psys", "event=0x05");
    }

    @Test
    void readsTypeCpumaskAndEventsOfATwoSocketServer() throws IOException {
        twoSocketServer();

        PerfPowerPmu pmu = PerfPowerPmu.read(sysfs);

        assertThat(pmu.directory()).isEqualTo(sysfs.resolve("bus/event_source/devices/power"));
        assertThat(pmu.type()).isEqualTo(17);
        assertThat(pmu.cpumask()).containsExactly(0, 64);
        assertThat(pmu.events()).containsExactly(
                new PowerEvent("energy-pkg", RaplDomain.PACKAGE, 2, 0x1p-32),
                new PowerEvent("energy-ram", RaplDomain.DRAM, 3, 0x1p-32),
                new PowerEvent("energy-psys", RaplDomain.PSYS, 5, 0x1p-32));
        assertThat(pmu.event(RaplDomain.DRAM)).map(PowerEvent::config).contains(3L);
        assertThat(pmu.event(RaplDomain.CORE)).isEmpty();
    }

    @Test
    void mapsClientEventsCoresToCoreAndGpuToUncore() throws IOException {
        PowerPmuFixture.create(sysfs, "9", "0")
                .event("energy-cores", "event=0x01")
                .event("energy-pkg", "event=0x02")
                .event("energy-gpu", "event=0x04")
                .event("energy-psys", "event=0x05");

        PerfPowerPmu pmu = PerfPowerPmu.read(sysfs);

        assertThat(pmu.events()).extracting(PowerEvent::name, PowerEvent::domain, PowerEvent::config).containsExactly(
                tuple("energy-cores", RaplDomain.CORE, 1L),
                tuple("energy-pkg", RaplDomain.PACKAGE, 2L),
                tuple("energy-gpu", RaplDomain.UNCORE, 4L),
                tuple("energy-psys", RaplDomain.PSYS, 5L));
        assertThat(pmu.cpumask()).containsExactly(0);
    }

    @Test
    void takesTheEventTermAmongOthersInHexOrDecimal() throws IOException {
        Path file = sysfs.resolve("energy-pkg");
        assertThat(PerfPowerPmu.parseConfig(file, "event=0x02\n")).isEqualTo(2);
        assertThat(PerfPowerPmu.parseConfig(file, "event=0x2,umask=0x1")).isEqualTo(2);
        assertThat(PerfPowerPmu.parseConfig(file, "umask=0x1, event=0x1F")).isEqualTo(0x1F);
        assertThat(PerfPowerPmu.parseConfig(file, "event=5")).isEqualTo(5);
    }

    @Test
    void parsesTheScale() throws IOException {
        assertThat(PerfPowerPmu.parseScale(sysfs.resolve("x.scale"), "2.3283064365386962890625e-10\n")).isEqualTo(0x1p-32);
    }

    @Test
    void missingPmuSaysWhichKernelSupportIsLacking() {
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .isInstanceOfSatisfying(SourceUnavailableException.class, e -> assertThat(e.kind()).isEqualTo(SourceKind.PERF))
                .hasMessageContaining("no perf power PMU at " + sysfs.resolve("bus/event_source/devices/power"))
                .hasMessageContaining("CONFIG_PERF_EVENTS_INTEL_RAPL")
                .hasMessageContaining("3.14")
                .hasMessageContaining("AMD from Linux 5.8");
    }

    @Test
    void eventFileWithoutEventTermIsAClearError() {
        PowerPmuFixture pmu = twoSocketServer().write("events/energy-ram", "umask=0x3");

        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(pmu.dir().resolve("events/energy-ram").toString())
                .hasMessageContaining("no 'event=' term")
                .hasMessageContaining("read 'umask=0x3'");
    }

    @Test
    void eventValueThatIsNoNumberIsAClearError() {
        PowerPmuFixture pmu = twoSocketServer().write("events/energy-pkg", "event=0xZZ");

        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .hasMessageContaining(pmu.dir().resolve("events/energy-pkg").toString())
                .hasMessageContaining("'0xZZ' is not a number");
    }

    @Test
    void malformedOrMissingScaleIsAClearError() throws IOException {
        PowerPmuFixture pmu = twoSocketServer().write("events/energy-pkg.scale", "two to the minus 32");
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .hasMessageContaining(pmu.dir().resolve("events/energy-pkg.scale").toString())
                .hasMessageContaining("read 'two to the minus 32'");

        pmu.write("events/energy-pkg.scale", "0");
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs)).hasMessageContaining("scale must be positive");

        Files.delete(pmu.dir().resolve("events/energy-pkg.scale"));
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs)).hasMessageContaining("energy-pkg.scale");
    }

    @Test
    void unitOtherThanJoulesIsRefused() {
        PowerPmuFixture pmu = twoSocketServer().write("events/energy-ram.unit", "Watts");

        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .hasMessageContaining(pmu.dir().resolve("events/energy-ram.unit").toString())
                .hasMessageContaining("unit 'Watts', expected 'Joules'");
    }

    @Test
    void badTypeOrCpumaskIsAClearError() {
        PowerPmuFixture pmu = twoSocketServer().write("type", "power");
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .hasMessageContaining(pmu.dir().resolve("type").toString())
                .hasMessageContaining("expected an integer, read 'power'");

        pmu.write("type", "17").write("cpumask", "0,x");
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .hasMessageContaining(pmu.dir().resolve("cpumask").toString())
                .hasMessageContaining("not a CPU list");

        pmu.write("cpumask", "");
        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs)).hasMessageContaining("lists no CPU");
    }

    @Test
    void pmuWithoutEnergyEventsIsUnavailable() {
        PowerPmuFixture.create(sysfs, "17", "0");

        assertThatThrownBy(() -> PerfPowerPmu.read(sysfs))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("lists no energy event");
    }
}
