package io.escheduler.exporter;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged exporter on an MSR fixture tree (through the preload library), scraped by a real
 * Prometheus server; the joules read back through Prometheus's HTTP API must be what the fixture's
 * registers hold, across wraps of the 32-bit hardware counters.
 */
class PrometheusEndToEndIT {

    private static final double J14 = Math.scalb(1.0, -14);
    private static final double J16 = Math.scalb(1.0, -16);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long PKG_ENERGY = 0x611;

    private static FixtureMachine machine;
    private static ServiceProcess exporter;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        machine = FixtureMachine.create("xeon-2s-clx", PreloadLibrary.newFixtureDirectory("e2e"));
        exporter = Exporter.on(machine, "auto").start();
        prometheus = PrometheusServer.start(machine.root().resolve("prometheus"), List.of("127.0.0.1:" + exporter.port()), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void prometheusSeesTheJoulesTheRegistersHold() {
        assertThat(prometheus.await("rapl_energy_joules_total{node=\"fixture\",package=\"1\",domain=\"dram\"}", v -> true, WAIT))
                .as("DRAM of a Cascade Lake counts in 2^-16 J").isEqualTo(0x1A2B3C4DL * J16);
        assertThat(prometheus.await("rapl_energy_joules_total{domain=\"psys\"}", v -> true, WAIT)).isEqualTo(0x00A1B2C3L * J14);
        assertThat(prometheus.value("rapl_source_info{source=\"msr\",vendor=\"intel\",model=\"skylake-x\"}")).contains(1.0);
        assertThat(prometheus.value("count(rapl_energy_joules_total{domain=\"psys\",package!=\"\"})"))
                .as("psys has no package label in Prometheus").isEmpty();
    }

    @Test
    void wrapsOfThe32BitCounterAreAccumulatedThroughEveryScrape() {
        String query = "rapl_energy_joules_total{package=\"0\",domain=\"package\"}";
        long raw = machine.msr(0).read(PKG_ENERGY); // no wrap yet: the exported joules are the register's
        prometheus.await(query, v -> v == machine.msr(0).read(PKG_ENERGY) * J14, WAIT);
        for (int step = 0; step < 5; step++) { // 5 x 0x70000000 counts: the register wraps twice
            machine.addPackageCounter(0, PKG_ENERGY, 0x7000_0000L);
            raw += 0x7000_0000L;
            double expected = raw * J14;
            prometheus.await(query, v -> v == expected, WAIT);
        }
        assertThat(machine.msr(0).read(PKG_ENERGY)).as("the register itself wrapped").isLessThan(raw);
        assertThat(prometheus.value("resets(rapl_energy_joules_total[5m])")).contains(0.0);
        assertThat(prometheus.value("max(rapl_energy_joules_total{package=\"0\",domain=\"package\"})")).contains(raw * J14);
    }

    @Test
    void aFailingDomainCountsErrorsWhileTheOthersExport() throws IOException {
        prometheus.await("msr_exporter_read_errors_total{domain=\"dram\"}", v -> v == 0, WAIT);
        // Cut every MSR file of package 1 below the DRAM energy register (0x619): it no longer reads
        for (int core = 0; core < 8; core++) {
            for (int thread = 0; thread < 2; thread++) {
                try (FileChannel file = FileChannel.open(machine.msr(machine.cpu(1, core, thread)).path(), StandardOpenOption.WRITE)) {
                    file.truncate(0x619L * 8);
                }
            }
        }
        machine.addPackageCounter(0, PKG_ENERGY, 1000);
        double packageBefore = prometheus.value("rapl_energy_joules_total{package=\"0\",domain=\"package\"}").orElseThrow();

        prometheus.await("msr_exporter_read_errors_total{domain=\"dram\"}", v -> v > 0, WAIT);
        prometheus.await("rapl_energy_joules_total{package=\"0\",domain=\"package\"}", v -> v > packageBefore, WAIT);
        assertThat(prometheus.value("rapl_energy_joules_total{package=\"1\",domain=\"dram\"}")).as("keeps its last value")
                .contains(0x1A2B3C4DL * J16);
        assertThat(exporter.output()).contains("dram of package 1 (MSR 0x619 on CPU 8) cannot be read");
    }
}
