package io.escheduler.analyzer.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.reports.RunSeeder.Seed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code GET /v1/programs}, {@code /v1/programs/{name}/energy} and {@code /v1/reports} (JSON, text,
 * CSV) on a real PostgreSQL holding runs with known figures. Pending and failed runs must never count.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class ReportsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = RunSeeder.uniquePrefix("rp");
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    private final String x = P + "x";
    private final String y = P + "y";
    private final String lulesh = P + "lulesh";
    private final String hpl = P + "hpl";
    private final String idle = P + "idle";

    @Inject
    RunSeeder seeder;

    @BeforeEach
    void seed() {
        seeder.add(
                // lulesh on x: 100 s, 10 kJ (2 nodes) and 200 s, 30 kJ; on y: 50 s, 4 kJ
                Seed.complete(lulesh, x, T0, 100, 200, 50, 10000).withNodes(List.of(6000.0, 4000.0)),
                Seed.complete(lulesh, x, T0.plusSeconds(1000), 200, 250, 40, 30000),
                Seed.complete(lulesh, y, T0.plusSeconds(2000), 50, 120, 60, 4000),
                // ignored: a pending run and a failed one with a (partial) profile far above the others
                Seed.pending(lulesh, y, T0.plusSeconds(3000), 10),
                Seed.failed(lulesh, x, T0.plusSeconds(4000), 10, 9999, 999999),
                Seed.complete(hpl, y, T0, 10, 300, 100, 2500),
                Seed.pending(idle, x, T0, 10));
    }

    private static JsonNode json(String path, Object... query) throws IOException {
        var request = given().accept("application/json");
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        return JSON.readTree(request.when().get(path).then().statusCode(200).contentType("application/json").extract().asString());
    }

    private static JsonNode system(JsonNode program, String name) {
        return StreamSupport.stream(program.get("systems").spliterator(), false)
                .filter(s -> s.get("system").asText().equals(name)).findFirst().orElseThrow();
    }

    /** runs, energy max/min/mean/total (J), peak/min/mean power (W), run time (s). */
    private static void assertSummary(JsonNode summary, long runs, double max, double min, double mean, double total,
                                      double peak, double minWatts, double meanWatts, double seconds) {
        assertThat(summary.get("runs").asLong()).isEqualTo(runs);
        assertThat(summary.get("energyJoules").get("max").asDouble()).isEqualTo(max);
        assertThat(summary.get("energyJoules").get("min").asDouble()).isEqualTo(min);
        assertThat(summary.get("energyJoules").get("mean").asDouble()).isEqualTo(mean);
        assertThat(summary.get("energyJoules").get("total").asDouble()).isEqualTo(total);
        assertThat(summary.get("peakWatts").asDouble()).isEqualTo(peak);
        assertThat(summary.get("minWatts").asDouble()).isEqualTo(minWatts);
        assertThat(summary.get("meanWatts").asDouble()).isEqualTo(meanWatts);
        assertThat(summary.get("durationSeconds").asDouble()).isEqualTo(seconds);
    }

    private void assertLulesh(JsonNode program) {
        assertThat(program.get("program").asText()).isEqualTo(lulesh);
        assertSummary(program.get("overall"), 3, 30000, 4000, 44000.0 / 3, 44000, 250, 40, 44000.0 / 350, 350);
        assertThat(program.get("overall").has("system")).isFalse();
        assertThat(program.get("systems")).extracting(s -> s.get("system").asText()).containsExactly(x, y);
        assertSummary(system(program, x), 2, 30000, 10000, 20000, 40000, 250, 40, 40000.0 / 300, 300);
        assertSummary(system(program, y), 1, 4000, 4000, 4000, 4000, 120, 60, 80, 50);
    }

    @Test
    void reportJsonHasExactFiguresPerSystemAndOverall() throws IOException {
        JsonNode report = json("/v1/reports", "program", lulesh, "program", hpl, "program", idle);

        JsonNode programs = report.get("programs");
        assertThat(programs).hasSize(3);
        assertLulesh(programs.get(0));
        assertThat(programs.get(1).get("program").asText()).isEqualTo(hpl);
        assertSummary(programs.get(1).get("overall"), 1, 2500, 2500, 2500, 2500, 300, 100, 250, 10);
        // only a pending run: no figures
        JsonNode none = programs.get(2).get("overall");
        assertThat(none.get("runs").asLong()).isZero();
        assertThat(none.get("energyJoules").isNull()).isTrue();
        assertThat(none.get("peakWatts").isNull()).isTrue();
        assertThat(programs.get(2).get("systems")).isEmpty();
    }

    @Test
    void jsonIsTheDefault() throws IOException {
        String body = given().when().get("/v1/reports?program=" + hpl).then().statusCode(200).contentType("application/json")
                .extract().asString();
        assertThat(JSON.readTree(body).get("programs").get(0).get("program").asText()).isEqualTo(hpl);
        given().accept("*/*").when().get("/v1/reports?program=" + hpl).then().statusCode(200).contentType("application/json");
    }

    @Test
    void programEnergyHasTheReportAndTheRunsNewestFirst() throws IOException {
        JsonNode detail = json("/v1/programs/" + lulesh + "/energy");

        assertLulesh(detail);
        JsonNode runs = detail.get("runs");
        assertThat(runs.get("total").asLong()).isEqualTo(5);
        assertThat(runs.get("limit").asInt()).isEqualTo(100);
        assertThat(runs.get("items")).extracting(r -> r.get("status").asText())
                .containsExactly("failed", "pending", "complete", "complete", "complete");
        JsonNode failed = runs.get("items").get(0);
        assertThat(failed.get("lastError").asText()).contains("gave up");
        JsonNode pending = runs.get("items").get(1);
        assertThat(pending.get("energyJoules").isNull()).isTrue();
        assertThat(pending.get("system").asText()).isEqualTo(y);
        JsonNode first = runs.get("items").get(4);
        assertThat(first.get("system").asText()).isEqualTo(x);
        assertThat(first.get("start").asText()).isEqualTo("2026-11-02T08:00:00Z");
        assertThat(first.get("end").asText()).isEqualTo("2026-11-02T08:01:40Z");
        assertThat(first.get("durationSeconds").asDouble()).isEqualTo(100);
        assertThat(first.get("peakWatts").asDouble()).isEqualTo(200);
        assertThat(first.get("minWatts").asDouble()).isEqualTo(50);
        assertThat(first.get("meanWatts").asDouble()).isEqualTo(100);
        assertThat(first.get("energyJoules").asDouble()).isEqualTo(10000);
        assertThat(first.get("nodes")).extracting(JsonNode::asText).containsExactly("node-0", "node-1");
        assertThat(first.get("nodeProfiles")).extracting(n -> n.get("node").asText()).containsExactly("node-0", "node-1");
        assertThat(first.get("nodeProfiles").get(0).get("energyJoules").asDouble()).isEqualTo(6000);
        assertThat(first.get("nodeProfiles").get(1).get("energyJoules").asDouble()).isEqualTo(4000);
    }

    @Test
    void runsArePaged() throws IOException {
        JsonNode page = json("/v1/programs/" + lulesh + "/energy", "limit", 2, "offset", 2).get("runs");

        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("offset").asInt()).isEqualTo(2);
        assertThat(page.get("items")).extracting(r -> r.get("start").asText())
                .containsExactly("2026-11-02T08:33:20Z", "2026-11-02T08:16:40Z");
        given().queryParam("limit", 0).when().get("/v1/programs/" + lulesh + "/energy").then().statusCode(400);
        given().queryParam("limit", 1001).when().get("/v1/programs/" + lulesh + "/energy").then().statusCode(400);
        given().queryParam("offset", -1).when().get("/v1/programs/" + lulesh + "/energy").then().statusCode(400);
    }

    @Test
    void programsListsRunCountsByStatus() throws IOException {
        JsonNode programs = json("/v1/programs").get("programs");

        List<String> names = new ArrayList<>();
        programs.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).isSorted().contains(lulesh, hpl, idle);
        JsonNode entry = StreamSupport.stream(programs.spliterator(), false).filter(p -> p.get("name").asText().equals(lulesh))
                .findFirst().orElseThrow();
        assertThat(entry.get("runs").asLong()).isEqualTo(5);
        assertThat(entry.get("completeRuns").asLong()).isEqualTo(3);
        assertThat(entry.get("pendingRuns").asLong()).isEqualTo(1);
        assertThat(entry.get("failedRuns").asLong()).isEqualTo(1);
        assertThat(entry.get("lastRunEnd").asText()).isEqualTo("2026-11-02T09:06:50Z"); // the failed run: start + 4000 s + 10 s
    }

    @Test
    void textTableIsAlignedWithUnitsInTheHeader() {
        String text = given().accept("text/plain").queryParam("program", lulesh).queryParam("program", hpl)
                .when().get("/v1/reports").then().statusCode(200).contentType(startsWith("text/plain")).extract().asString();

        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(1 + 3 + 2);
        String header = lines.get(0);
        assertThat(header).startsWith("program").contains("system", "runs", "energy max (J)", "energy min (J)", "energy mean (J)",
                "energy total (J)", "peak (W)", "min (W)", "mean (W)", "run time (s)");
        // figures are right-aligned under their header: each ends in the header's last column
        for (String title : List.of("runs", "energy max (J)", "energy min (J)", "energy mean (J)", "energy total (J)", "peak (W)",
                "min (W)", "mean (W)", "run time (s)")) {
            int end = header.indexOf(title) + title.length();
            for (String line : lines.subList(1, lines.size())) {
                assertThat(line.charAt(end - 1)).as("'%s' in %s", title, line).isNotEqualTo(' ');
                assertThat(end == line.length() || line.charAt(end) == ' ').as("'%s' in %s", title, line).isTrue();
            }
        }
        // names are left-aligned under theirs
        int systemColumn = header.indexOf("system");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
            assertThat(line).startsWith(P);
            assertThat(line.charAt(systemColumn - 1)).isEqualTo(' ');
            assertThat(line.charAt(systemColumn)).isNotEqualTo(' ');
        });
        assertThat(lines).extracting(String::length).containsOnly(header.length());
        assertThat(cells(lines.get(1))).containsExactly(lulesh, x, "2", "30000.0", "10000.0", "20000.0", "40000.0", "250.0", "40.0",
                "133.3", "300.0");
        assertThat(cells(lines.get(3))).containsExactly(lulesh, "all systems", "3", "30000.0", "4000.0", "14666.7", "44000.0", "250.0",
                "40.0", "125.7", "350.0");
        assertThat(cells(lines.get(5))).containsExactly(hpl, "all systems", "1", "2500.0", "2500.0", "2500.0", "2500.0", "300.0",
                "100.0", "250.0", "10.0");
    }

    @Test
    void textTableShowsDashesWithoutCompleteRuns() {
        String text = given().queryParam("program", idle).queryParam("format", "text")
                .when().get("/v1/reports").then().statusCode(200).contentType(startsWith("text/plain")).extract().asString();

        assertThat(cells(text.lines().toList().get(1))).containsExactly(idle, "all systems", "0", "-", "-", "-", "-", "-", "-", "-", "-");
    }

    private static List<String> cells(String line) {
        return Arrays.asList(line.strip().split(" {2,}"));
    }

    @Test
    void csvParsesWithExactFigures() {
        String csv = given().accept("text/csv").queryParam("program", lulesh).queryParam("program", idle)
                .when().get("/v1/reports").then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();

        assertThat(csv).endsWith("\r\n");
        List<List<String>> rows = Csv.parse(csv);
        assertThat(rows.get(0)).containsExactly("program", "system", "runs", "energy_max_joules", "energy_min_joules",
                "energy_mean_joules", "energy_total_joules", "peak_watts", "min_watts", "mean_watts", "run_time_seconds");
        assertThat(rows).hasSize(1 + 3 + 1);
        assertThat(rows.get(1)).containsExactly(lulesh, x, "2", "30000", "10000", "20000", "40000", "250", "40",
                Double.toString(40000.0 / 300), "300");
        assertThat(rows.get(2)).containsExactly(lulesh, y, "1", "4000", "4000", "4000", "4000", "120", "60", "80", "50");
        assertThat(rows.get(3).subList(0, 3)).containsExactly(lulesh, "all systems", "3");
        assertThat(Double.parseDouble(rows.get(3).get(5))).isEqualTo(44000.0 / 3);
        assertThat(Double.parseDouble(rows.get(3).get(9))).isEqualTo(44000.0 / 350);
        assertThat(rows.get(4)).containsExactly(idle, "all systems", "0", "", "", "", "", "", "", "", "");
    }

    @Test
    void unknownProgramIs404WithTheClosestKnownNames() {
        given().queryParam("program", lulesh).queryParam("program", P + "lulsh")
                .when().get("/v1/reports")
                .then().statusCode(404).contentType("application/json")
                .body("error", containsString(P + "lulsh"))
                .body("detail.unknown", contains(P + "lulsh"))
                .body("detail.suggestions[0]", equalTo(lulesh));
        given().accept("text/csv").when().get("/v1/reports?program=" + P + "hp")
                .then().statusCode(404).contentType("application/json")
                .body("detail.suggestions[0]", equalTo(hpl));
        given().when().get("/v1/programs/" + P + "lulsh/energy")
                .then().statusCode(404).body("detail.suggestions[0]", equalTo(lulesh));
    }

    @Test
    void badRequests() {
        given().when().get("/v1/reports").then().statusCode(400).contentType("application/json")
                .body("error", containsString("at least one program"));
        given().queryParam("program", lulesh).queryParam("format", "xml").when().get("/v1/reports")
                .then().statusCode(400).body("detail.allowed", contains("json", "text", "csv"));
        given().accept("application/xml").queryParam("program", lulesh).when().get("/v1/reports").then().statusCode(406);
    }
}
