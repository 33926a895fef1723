package io.escheduler.simulator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.simulator.cli.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The three reference scenarios, shortened so that the suite stays quick (the full weeks are in
 * docs/simulator.md and benchmarks/simulator), against golden results in {@code src/test/resources/golden/}: energy,
 * peak power, CPU lost and node-hours within {@value #RELATIVE} relative (or {@value #ABSOLUTE} absolute), counts
 * (pending beyond boot, evictions, pods) within 2 % or 3. A deliberate change rewrites them:
 * {@code ./mvnw verify -pl simulator -am -Dtest=GoldenScenariosTest -Dgolden.update=true}, then review the diff.
 */
class GoldenScenariosTest {

    static final double RELATIVE = 0.005;
    static final double ABSOLUTE = 0.05;
    private static final List<String> FIGURES = List.of("energyKWh", "peakWatts", "lostCpuSeconds", "throttledNodeHours", "cappedNodeHours",
            "pendingSecondsP50", "pendingSecondsP99", "powerCyclesPerNodePerDay");
    private static final List<String> COUNTS = List.of("podsPendingBeyondBoot", "evictions");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mixed-200|scenarios/mixed-200.yaml|mixed|0.25|lowest-peak",
            "webbatch-1000|scenarios/webbatch-1000.yaml|web-batch|0.125|lowest-peak",
            "hpc-64|scenarios/hpc-64.yaml|hpc|0.5|lowest-peak,least-allocated,random",
    })
    void theScenarioGivesItsGoldenResults(String name, String cluster, String generator, String days, String placement) throws IOException {
        Path json = dir.resolve(name + ".json");
        int code = Main.run(new String[]{"--cluster", cluster, "--generate", generator, "--days", days, "--seed", "1", "--policies",
                        GoldenPolicies.SETS, "--placement", placement, "--quiet", "--json", json.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isZero();
        ArrayNode runs = (ArrayNode) JSON.readTree(Files.readString(json)).path("runs");
        ArrayNode actual = JSON.createArrayNode();
        for (JsonNode run : runs) {
            ObjectNode o = actual.addObject();
            o.put("policies", run.path("policies").asText()).put("placement", run.path("placement").asText());
            FIGURES.forEach(f -> o.set(f, run.path(f)));
            COUNTS.forEach(f -> o.set(f, run.path(f)));
            o.set("pods", run.path("pods"));
        }
        Path golden = Path.of("src/test/resources/golden", name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            return;
        }
        JsonNode expected = JSON.readTree(Files.readString(golden));
        assertThat(actual.size()).as("runs").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            String run = e.path("policies").asText() + " / " + e.path("placement").asText();
            assertThat(a.path("policies").asText() + " / " + a.path("placement").asText()).isEqualTo(run);
            for (String f : FIGURES) {
                close(run + " " + f, a.path(f).asDouble(), e.path(f).asDouble(), Math.max(ABSOLUTE, Math.abs(e.path(f).asDouble()) * RELATIVE));
            }
            for (String f : COUNTS) {
                close(run + " " + f, a.path(f).asDouble(), e.path(f).asDouble(), Math.max(3, Math.abs(e.path(f).asDouble()) * 0.02));
            }
            e.path("pods").properties().forEach(p -> close(run + " pods " + p.getKey(), a.path("pods").path(p.getKey()).asDouble(),
                    p.getValue().asDouble(), Math.max(3, p.getValue().asDouble() * 0.02)));
        }
    }

    private static void close(String what, double actual, double expected, double tolerance) {
        if (Math.abs(actual - expected) > tolerance) {
            fail(what + ": " + actual + ", golden " + expected + " (tolerance " + tolerance + ")");
        }
    }

    /** The sets the goldens hold. */
    static final class GoldenPolicies {
        static final String SETS = "all";
    }
}
