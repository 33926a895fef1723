package io.escheduler.analyzer.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.reports.DatabaseOnlyProfile;
import io.escheduler.analyzer.reports.RunSeeder;
import io.escheduler.analyzer.reports.RunSeeder.Seed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

/**
 * {@code GET /v1/placement} on a real PostgreSQL holding runs with known peaks and energies.
 * The golden files pin the JSON the scheduler extender reads; rewrite them with {@code -Dgolden.update=true}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class PlacementResourceTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String P = RunSeeder.uniquePrefix("pl");
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private final String a = P + "a";
    private final String b = P + "b";
    private final String c = P + "c";
    private final String d = P + "d";
    private final String lulesh = P + "lulesh";
    private final String hpl = P + "hpl";

    @Inject
    RunSeeder seeder;

    @BeforeEach
    void seed() {
        seeder.systems(a, b, c, d);
        seeder.add(
                // lulesh on a: peaks 150, 182.5, 120 W; energies 1000, 2000, 3000 J
                Seed.complete(lulesh, a, T0, 100, 150, 50, 1000),
                Seed.complete(lulesh, a, T0.plusSeconds(1000), 100, 182.5, 50, 2000),
                Seed.complete(lulesh, a, T0.plusSeconds(2000), 100, 120, 50, 3000),
                // on b: one run with the same peak as a's highest (a tie), less energy
                Seed.complete(lulesh, b, T0.plusSeconds(3000), 100, 182.5, 60, 500),
                // on d: only runs without a profile, which do not count: d "never ran" as far as placement knows
                Seed.pending(lulesh, d, T0.plusSeconds(4000), 100),
                Seed.failed(lulesh, d, T0.plusSeconds(5000), 100, 1, 1),
                // hpl: b and c
                Seed.complete(hpl, b, T0, 60, 90, 30, 4000),
                Seed.complete(hpl, c, T0, 60, 300, 30, 9000));
    }

    private static RequestSpecification candidates(String... systems) {
        RequestSpecification request = given();
        for (String system : systems) {
            request = request.queryParam("candidate", system);
        }
        return request;
    }

    private static JsonNode ok(RequestSpecification request) throws IOException {
        String body = request.when().get("/v1/placement").then().statusCode(200).contentType("application/json").extract().asString();
        return JSON.readTree(body);
    }

    private static List<String> systems(JsonNode answer) {
        return StreamSupport.stream(answer.get("ranking").spliterator(), false).map(e -> e.get("system").asText()).toList();
    }

    private static JsonNode entry(JsonNode answer, String system) {
        return StreamSupport.stream(answer.get("ranking").spliterator(), false).filter(e -> e.get("system").asText().equals(system))
                .findFirst().orElseThrow();
    }

    @Test
    void neverRanFirstThenLowestPeakWithTiesByName() throws IOException {
        JsonNode answer = ok(candidates(a, b, c, d).queryParam("program", lulesh));

        assertThat(answer.get("program").asText()).isEqualTo(lulesh);
        assertThat(answer.get("strategy").asText()).isEqualTo("peak-power");
        // c and d score 0 (never ran; d's pending and failed runs do not count), a and b tie at 182.5 W
        assertThat(systems(answer)).containsExactly(c, d, a, b);
        assertThat(entry(answer, c).get("rank").asInt()).isEqualTo(1);
        assertThat(entry(answer, c).get("score").asDouble()).isEqualTo(0.0);
        assertThat(entry(answer, c).get("runs").asLong()).isZero();
        assertThat(entry(answer, c).get("reason").asText()).isEqualTo("never ran here: counts as 0 W (seed rule)");
        assertThat(entry(answer, d).get("reason").asText()).isEqualTo("never ran here: counts as 0 W (seed rule)");
        assertThat(entry(answer, a).get("rank").asInt()).isEqualTo(3);
        assertThat(entry(answer, a).get("score").asDouble()).isEqualTo(182.5);
        assertThat(entry(answer, a).get("unit").asText()).isEqualTo("W");
        assertThat(entry(answer, a).get("runs").asLong()).isEqualTo(3);
        assertThat(entry(answer, a).get("reason").asText()).isEqualTo("highest peak 182.5 W over 3 runs");
        assertThat(entry(answer, b).get("rank").asInt()).isEqualTo(4);
        assertThat(entry(answer, b).get("reason").asText()).isEqualTo("highest peak 182.5 W over 1 run");
    }

    @Test
    void theOrderIsTheSameWhateverTheCandidatesOrder() throws IOException {
        JsonNode forward = ok(candidates(a, b, c, d).queryParam("program", lulesh));
        JsonNode backward = ok(candidates(d, c, b, a, a).queryParam("program", lulesh));

        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void eachProgramHasItsOwnRanking() throws IOException {
        JsonNode answer = ok(candidates(a, b, c, d).queryParam("program", hpl));

        assertThat(systems(answer)).containsExactly(a, d, b, c);
        assertThat(entry(answer, b).get("score").asDouble()).isEqualTo(90.0);
        assertThat(entry(answer, c).get("score").asDouble()).isEqualTo(300.0);
    }

    @Test
    void candidatesRestrictTheRanking() throws IOException {
        JsonNode answer = ok(candidates(b, a).queryParam("program", lulesh));

        assertThat(systems(answer)).containsExactly(a, b);
        assertThat(entry(answer, b).get("rank").asInt()).isEqualTo(2);
    }

    @Test
    void energyStrategyRanksByMeanEnergyPerRun() throws IOException {
        JsonNode answer = ok(candidates(a, b, c, d).queryParam("program", lulesh).queryParam("strategy", "energy"));

        assertThat(answer.get("strategy").asText()).isEqualTo("energy");
        assertThat(systems(answer)).containsExactly(c, d, b, a);
        assertThat(entry(answer, a).get("score").asDouble()).isEqualTo(2000.0);
        assertThat(entry(answer, a).get("unit").asText()).isEqualTo("J");
        assertThat(entry(answer, a).get("reason").asText()).isEqualTo("mean energy 2000 J per run over 3 runs");
        assertThat(entry(answer, c).get("reason").asText()).isEqualTo("never ran here: counts as 0 J (seed rule)");
    }

    @Test
    void withoutCandidatesEveryKnownSystemIsRanked() throws IOException {
        JsonNode answer = ok(given().queryParam("program", lulesh));

        List<JsonNode> ranking = new ArrayList<>();
        answer.get("ranking").forEach(ranking::add);
        assertThat(ranking).hasSize((int) seeder.systemCount());
        assertThat(ranking).isSortedAccordingTo(Comparator.<JsonNode>comparingDouble(e -> e.get("score").asDouble())
                .thenComparing(e -> e.get("system").asText()));
        assertThat(systems(answer).stream().filter(s -> s.startsWith(P))).containsExactly(c, d, a, b);
        assertThat(ranking).extracting(e -> e.get("rank").asInt()).isSorted().doesNotHaveDuplicates().startsWith(1);
    }

    @Test
    void aSystemAddedAfterAQueryIsRankedInTheNextOne() throws IOException {
        ok(given().queryParam("program", lulesh));
        String added = RunSeeder.uniquePrefix("pl-new");
        seeder.systems(added);

        JsonNode answer = ok(given().queryParam("program", lulesh));

        assertThat(systems(answer)).contains(added);
        assertThat(entry(answer, added).get("reason").asText()).isEqualTo("never ran here: counts as 0 W (seed rule)");
        assertThat(systems(ok(candidates(added, a).queryParam("program", lulesh)))).containsExactly(added, a);
    }

    @Test
    void answersHeldInMemoryFollowEveryCompletedRun() throws IOException {
        String program = P + "cached";
        assertThat(systems(ok(candidates(a, b).queryParam("program", program)))).containsExactly(a, b);
        double hitsBefore = cacheHits();
        assertThat(systems(ok(candidates(a, b).queryParam("program", program)))).containsExactly(a, b);
        assertThat(cacheHits()).as("the same question again, nothing changed: answered from memory").isEqualTo(hitsBefore + 1);

        seeder.add(Seed.complete(program, b, T0, 100, 50, 10, 1000));
        JsonNode answer = ok(candidates(a, b).queryParam("program", program));
        assertThat(systems(answer)).containsExactly(a, b);
        assertThat(entry(answer, b).get("reason").asText()).isEqualTo("highest peak 50 W over 1 run");

        // a ran too, with a higher peak: it no longer counts as 0 W, and goes after b
        seeder.add(Seed.complete(program, a, T0, 100, 80, 10, 1000));
        answer = ok(candidates(a, b).queryParam("program", program));
        assertThat(systems(answer)).containsExactly(b, a);
        assertThat(entry(answer, a).get("reason").asText()).isEqualTo("highest peak 80 W over 1 run");
    }

    /** Placement answers served from memory so far (the analyzer's own metric). */
    private static double cacheHits() {
        String metrics = given().when().get("/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("energy_analyzer_placement_answers_total{cache=\"hit\"")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    @Test
    void aProgramThatNeverRanAnywhereGetsAllZeros() throws IOException {
        JsonNode answer = ok(candidates(a, b).queryParam("program", P + "brand-new"));

        assertThat(systems(answer)).containsExactly(a, b);
        answer.get("ranking").forEach(e -> {
            assertThat(e.get("score").asDouble()).isZero();
            assertThat(e.get("reason").asText()).isEqualTo("the program never ran on any system: counts as 0 W (seed rule)");
        });
    }

    @Test
    void limitKeepsTheBest() throws IOException {
        JsonNode answer = ok(candidates(a, b, c, d).queryParam("program", lulesh).queryParam("limit", 1));

        assertThat(systems(answer)).containsExactly(c);
    }

    @Test
    void unknownCandidateIs422ListingTheKnownSystems() {
        candidates(a, P + "nope").queryParam("program", lulesh)
                .when().get("/v1/placement")
                .then().statusCode(422).contentType("application/json")
                .body("error", containsString(P + "nope"))
                .body("detail.unknown", contains(P + "nope"))
                .body("detail.known", hasItems(a, b, c, d));
    }

    @Test
    void badRequests() {
        given().when().get("/v1/placement").then().statusCode(400).body("error", containsString("program is required"));
        given().queryParam("program", " ").when().get("/v1/placement").then().statusCode(400);
        given().queryParam("program", lulesh).queryParam("strategy", "cheapest").when().get("/v1/placement")
                .then().statusCode(400).body("detail.allowed", contains("peak-power", "energy"));
        given().queryParam("program", lulesh).queryParam("limit", 0).when().get("/v1/placement").then().statusCode(400);
        given().queryParam("program", lulesh).queryParam("candidate", " ").when().get("/v1/placement").then().statusCode(400);
    }

    @Test
    void goldenPlacementJson() throws IOException {
        seeder.systems("golden-a", "golden-b", "golden-c");
        seeder.add(
                Seed.complete("golden-prog", "golden-a", T0, 60, 182.5, 40, 6000),
                Seed.complete("golden-prog", "golden-a", T0.plusSeconds(600), 60, 140, 40, 5000),
                Seed.complete("golden-prog", "golden-b", T0, 60, 95.25, 30, 4000));
        for (String strategy : List.of("peak-power", "energy")) {
            JsonNode answer = ok(candidates("golden-a", "golden-b", "golden-c").queryParam("program", "golden-prog")
                    .queryParam("strategy", strategy));
            Path golden = GOLDEN.resolve("placement-" + strategy + ".json");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, JSON.writeValueAsString(answer) + "\n", StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
            assertThat(answer).isEqualTo(JSON.readTree(golden.toFile()));
        }
    }
}
