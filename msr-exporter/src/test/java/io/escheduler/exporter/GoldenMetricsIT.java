package io.escheduler.exporter;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged exporter on each fixture machine: its /metrics (the exporter's own series, sorted)
 * must equal {@code src/test/resources/golden/<case>.metrics.txt}. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change, then review
 * the diff.
 */
class GoldenMetricsIT {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The default frequency series are per package; a case with {@code cpu} pins the per-CPU ones. */
    @ParameterizedTest(name = "{0} via {1}, frequencies per {2}")
    @CsvSource({
            "intel-client-kbl, msr,      package",
            "intel-client-kbl, powercap, package",
            "xeon-2s-clx,      msr,      package",
            "xeon-2s-clx,      powercap, package",
            "xeon-2s-clx,      powercap, cpu",
            "xeon-2s-spr,      msr,      package",
            "amd-ryzen-5800x,  msr,      package",
            "amd-ryzen-5800x,  powercap, package",
    })
    void metricsMatchTheGoldenFile(String machineName, String source, String frequencies) throws IOException {
        FixtureMachine machine = FixtureMachine.create(machineName, PreloadLibrary.newFixtureDirectory(machineName));
        String actual;
        try (ServiceProcess exporter = Exporter.on(machine, source).env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", frequencies).start()) {
            actual = exporterSeries(Exporter.metrics(exporter));
        }

        String name = machineName + "-" + source + (frequencies.equals("package") ? "" : "-" + frequencies);
        Path golden = GOLDEN.resolve(name + ".metrics.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** The exporter's series without comments or timing values, sorted: a stable text. */
    static String exporterSeries(String exposition) {
        return Arrays.stream(exposition.split("\n"))
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .filter(line -> !line.startsWith("msr_exporter_scrape_duration"))
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
