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
