package io.escheduler.exporter;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** How the packaged exporter starts, and how it refuses to. */
class StartupIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void noUsableSourceExitsNonZeroListingEachSourceAndItsFix() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("nosource"));
        deleteTree(machine.root().resolve("dev"));
        deleteTree(machine.sysfs().resolve("class/powercap"));

        ServiceProcess exporter = Exporter.on(machine, "auto").launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output())
                .contains("no usable RAPL source on this node; tried:")
                .contains("- msr: " + machine.root().resolve("dev/cpu/0/msr") + " does not exist: load the msr driver (modprobe msr)")
                .contains("- perf: ").contains("no perf power PMU")
                .contains("- powercap: ").contains("modprobe intel_rapl_msr");
        assertThat(errorMessage(exporter.output())).last().isEqualTo("No RAPL on this machine (a VM, a cloud instance)? ./demo.sh in the "
                + "EScheduler repository runs every piece on simulated nodes: see the README's demo section.");
    }

    /** The lines of the logged error that starts with "no usable RAPL source", up to the next log record. */
    private static java.util.List<String> errorMessage(String output) {
        java.util.List<String> lines = output.lines().toList();
        int first = 0;
        while (first < lines.size() && !lines.get(first).contains("no usable RAPL source")) {
            first++;
        }
        int end = first + 1;
        while (end < lines.size() && !lines.get(end).matches("^\\d{4}-\\d{2}-\\d{2} .*")) {
            end++;
        }
        return lines.subList(Math.min(first, lines.size()), Math.min(end, lines.size()));
    }

    /**
     * A VM's perf power PMU that offers energy-psys but never counts (the software PMU's dummy
     * event, config 9, counts nothing either): the kernel's non-zero rule, applied after the first
     * sampling interval, leaves no domain, so the exporter exits as when no source exists.
     */
    @Test
    void perfWhoseEveryCounterStaysAtZeroExitsLikeNoSource() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("perfzero"));
        deleteTree(machine.root().resolve("dev"));
        deleteTree(machine.sysfs().resolve("class/powercap"));
        Path pmu = machine.sysfs().resolve("bus/event_source/devices/power");
        deleteTree(pmu);
        machine.writeFile(pmu.resolve("type"), 1); // PERF_TYPE_SOFTWARE: opens system-wide for root
        machine.writeFile(pmu.resolve("cpumask"), 0);
        machine.writeFile(pmu.resolve("format/event"), "config:0-7");
        machine.writeFile(pmu.resolve("events/energy-psys"), "event=0x09");
        machine.writeFile(pmu.resolve("events/energy-psys.scale"), "2.3283064365386962890625e-10");
        machine.writeFile(pmu.resolve("events/energy-psys.unit"), "Joules");

        ServiceProcess exporter = Exporter.on(machine, "auto").launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output())
                .contains("no usable RAPL source on this node; tried:")
                .contains("- msr: ")
                .contains("- perf: ").contains("perf power/energy-psys on CPU 0").contains("still 0")
                .contains("- powercap: ")
                .doesNotContain("rapl_energy_joules_total");
    }

    /**
     * Scraped as fast as possible from the moment the jar starts: every answer
     * that is not a refusal holds every series, never a part of them, and readiness comes only with
     * them. Per-CPU frequency series make the start-up register the most series; eight starts, because
     * a scrape that falls inside registration is a matter of timing.
     */
    @Test
    void everyScrapeFromTheFirstHoldsEverySeries() {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-spr", PreloadLibrary.newFixtureDirectory("firstscrape"));
        for (int start = 0; start < 8; start++) {
            List<Set<String>> answers = new ArrayList<>();
            try (ServiceProcess exporter = Exporter.on(machine, "powercap").env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "cpu").launch()) {
                long deadline = System.nanoTime() + EXIT.toNanos();
                while (answers.size() < 25 && System.nanoTime() < deadline) {
                    assertThat(exporter.alive()).as(exporter.output()).isTrue();
                    Http.Response metrics = Http.get(exporter.baseUrl() + "/metrics", Exporter.TEXT_FORMAT);
                    if (metrics.ok()) {
                        answers.add(seriesOf(metrics.body()));
                    }
                    if (Http.get(exporter.baseUrl() + "/q/health/ready").ok()) {
                        Http.Response afterReady = Http.get(exporter.baseUrl() + "/metrics", Exporter.TEXT_FORMAT);
                        assertThat(afterReady.status()).as("/metrics once ready: %s", afterReady.body()).isEqualTo(200);
                        answers.add(seriesOf(afterReady.body()));
                    }
                }
                assertThat(answers).as("answers of start %d", start).hasSizeGreaterThanOrEqualTo(25);
                Set<String> all = answers.get(answers.size() - 1);
                for (String name : List.of("rapl_source_info{", "rapl_energy_joules_total{", "cpu_seconds_total{", "cpu_frequency_hertz{")) {
                    assertThat(all).anyMatch(series -> series.startsWith(name));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i)).as("scrape %d of start %d", i, start).isEqualTo(all);
                }
            }
        }
    }

    /** The series of an exposition without their values: {@code name{labels}}. */
    private static Set<String> seriesOf(String exposition) {
        Set<String> series = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return series;
    }

    @Test
    void explicitSourceReportsOnlyThatSource() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("msrsafe"));

        ServiceProcess exporter = Exporter.on(machine, "msr")
                .env("MSR_EXPORTER_INTERFACE", machine.root().resolve("dev/cpu") + "/%d/msr_safe").launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output()).contains("- msr: ").contains("msr_safe does not exist: load LLNL's msr-safe module")
                .doesNotContain("- powercap: ");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "MSR_EXPORTER_SOURCE          | sensors      | msr-exporter.source",
            "MSR_EXPORTER_INTERFACE       | /dev/cpu/msr | has no %d for the CPU number",
            "MSR_EXPORTER_SAMPLE_INTERVAL | 10m          | msr-exporter.sample-interval=PT10M is longer than half the wrap period of psys",
            "MSR_EXPORTER_SAMPLE_INTERVAL | -5s          | msr-exporter.sample-interval must be positive",
            "MSR_EXPORTER_CONFIG_FILE     | /nowhere.yaml | msr-exporter.config-file: /nowhere.yaml does not exist",
            "MSR_EXPORTER_CPU_FREQUENCY_METRICS | sometimes | msr-exporter.cpu-frequency-metrics: 'sometimes' is not package, cpu or off",
    })
    void malformedConfigurationRefusesToStartNamingTheKey(String variable, String value, String message) {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("badconfig"));

        ServiceProcess exporter = Exporter.on(machine, "auto").env(variable, value).launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output()).contains(message);
    }

    @Test
    void malformedAddressNamesTheKey() {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("badaddress"));

        ServiceProcess exporter = Exporter.on(machine, "auto").env("MSR_EXPORTER_ADDRESS", "localhost").launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output()).contains("msr-exporter.address: 'localhost' is not host:port");
    }

    @Test
    void readsTheSeedsYamlFromItsWorkingDirectory() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", PreloadLibrary.newFixtureDirectory("seed"));
        int port = Ports.free();
        Files.writeString(machine.root().resolve("msr_exporter.yaml"),
                "Address: \"127.0.0.1:" + port + "\"\nInterface: \"" + machine.msrPattern() + "\"\n");

        try (ServiceProcess exporter = ServiceProcess.builder(Exporter.jar()).msrFixtures(machine.root()).workDir(machine.root()).port(port)
                .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                .env("MSR_EXPORTER_SOURCE", "msr").start()) {
            assertThat(Http.get(exporter.baseUrl() + "/metrics", Exporter.TEXT_FORMAT).body())
                    .contains("rapl_source_info{model=\"zen3-zen4\"")
                    .contains("source=\"msr\"");
        }
    }

    @Test
    void environmentOverridesTheSeedsYaml() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", PreloadLibrary.newFixtureDirectory("seedenv"));
        Files.writeString(machine.root().resolve("msr_exporter.yaml"), "Address: \"127.0.0.1:1\"\nInterface: \"/nowhere/%d/msr\"\n");

        try (ServiceProcess exporter = Exporter.on(machine, "msr").start()) { // env sets address and interface
            assertThat(Http.get(exporter.baseUrl() + "/metrics", Exporter.TEXT_FORMAT).body()).contains("source=\"msr\"");
        }
    }

    @Test
    void unknownKeyInTheSeedsYamlIsRefused() throws IOException {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", PreloadLibrary.newFixtureDirectory("seedbad"));
        Path yaml = machine.root().resolve("msr_exporter.yaml");
        Files.writeString(yaml, "Adress: \":9100\"\n");

        ServiceProcess exporter = Exporter.on(machine, "msr").launch();

        assertThat(exporter.awaitExit(EXIT)).isNotZero();
        assertThat(exporter.output()).contains("unknown key 'Adress' (known: Address, Interface)");
    }

    @Test
    void sigtermStopsCleanly() {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", PreloadLibrary.newFixtureDirectory("sigterm"));
        ServiceProcess exporter = Exporter.on(machine, "msr").start();

        assertThat(exporter.stop()).isIn(0, 143);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
