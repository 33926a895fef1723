package io.escheduler.analyzer.profiles;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.runs.ComputingSystem;
import io.escheduler.analyzer.runs.NodeEntry;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunNodeProfile;
import io.escheduler.analyzer.runs.RunRecorder;
import io.escheduler.analyzer.runs.RunRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.escheduler.analyzer.profiles.EnergyTestbed.NODE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Runs recorded for a node whose energy counters advance at known watts ({@link EnergyTestbed}: 110 W
 * for 15 s, 50 W for 15 s, then 80 W), profiled by the running analyzer from a real Prometheus
 * scraping the real exporter. Energy must be what the counters gained over the run; peak and
 * minimum the plateaus; mean energy / duration; and a run waits, pending, while Prometheus lacks its
 * data or is away, then completes.
 *
 * <p>Tolerances: the fixture counters move in {@link PowerDriver#PERIOD} steps and the exporter
 * reads them some milliseconds after Prometheus stamps a scrape (tens on a loaded machine), so a
 * rate over 2 s of 1 s scrapes can be off by several percent, and the peak is the largest of ~35
 * such samples; energy, interpolated at both ends, is within a few joules.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(TestbedProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunProfilerTest {

    private static final double POWER_TOLERANCE = 0.10;
    private static final double ENERGY_TOLERANCE_JOULES = 25;

    @Inject
    RunRecorder recorder;

    private final EnergyTestbed bed = EnergyTestbed.current();
    private final PowerDriver driver = bed.driver(); // starts the schedule at the first test

    @BeforeEach
    void nodeIsKnown() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (NodeEntry.findById(NODE) == null) {
                NodeEntry node = new NodeEntry();
                node.name = NODE;
                node.system = ComputingSystem.named("e2e-system");
                node.updatedAt = Instant.now();
                node.persist();
            }
        });
    }

    @Test
    @Order(1)
    void theProfileIsWhatTheCountersDictate() {
        // 2 s into the 110 W plateau to 2 s before the 50 W one ends: no rate window straddles a change of plateau
        Instant start = driver.at(2);
        Instant end = driver.at(28);
        long id = record(start, end); // its end may still be ahead: it waits, pending, until end + settle

        assertThat(load(id).status).isEqualTo(Run.Status.pending);
        Run run = awaitRun(id, r -> r.status != Run.Status.pending, Duration.between(Instant.now(), end).plusSeconds(30));

        double expectedJoules = driver.joules(start, end);
        assertThat(expectedJoules).isEqualTo(13 * 110 + 13 * 50);
        assertThat(run.status).as(run.lastError).isEqualTo(Run.Status.complete);
        assertThat(run.energyJoules).isCloseTo(expectedJoules, within(ENERGY_TOLERANCE_JOULES));
        assertThat(run.meanWatts).isCloseTo(run.energyJoules / 26, within(1e-9));
        assertThat(run.peakWatts).isCloseTo(110, within(110 * POWER_TOLERANCE));
        assertThat(run.minWatts).isCloseTo(50, within(50 * POWER_TOLERANCE));
        assertThat(run.samples).as("one per second from start + 2 s (the first full rate window) to the end").isBetween(22, 25);
        assertThat(run.completedAt).isNotNull();
        assertThat(run.lastError).isNull();

        List<RunNodeProfile> nodes = nodeProfiles(id);
        assertThat(nodes).singleElement().satisfies(node -> {
            assertThat(node.node).isEqualTo(NODE);
            assertThat(node.energyJoules).isEqualTo(run.energyJoules);
            assertThat(node.peakWatts).isEqualTo(run.peakWatts);
            assertThat(node.minWatts).isEqualTo(run.minWatts);
            assertThat(node.meanWatts).isEqualTo(run.meanWatts);
            assertThat(node.samples).isEqualTo(run.samples);
        });
    }

    @Test
    @Order(2)
    void aRunWhoseDataIsNotYetInPrometheusWaitsForItAndCountersThatFellAreFollowed() {
        driver.awaitSeconds(37); // 7 s into the 80 W plateau
        bed.stopExporter(); // from now on no sample of the node reaches Prometheus
        Instant end = Instant.now().plusMillis(200);
        Instant start = end.minusSeconds(5);
        long id = record(start, end);
        // the restarted exporter will have lost its accumulated wraps: its package counter falls (not to zero)
        driver.lowerCounter(0, 50_000);

        Run waiting = awaitRun(id, r -> r.attempts > 0, Duration.ofSeconds(20));
        assertThat(waiting.status).isEqualTo(Run.Status.pending);
        assertThat(waiting.lastError).contains("no sample of node(s) [" + NODE + "] at or after the run's end");
        assertThat(waiting.nextAttemptAt).isAfter(end);

        bed.startExporter();
        Run run = awaitRun(id, r -> r.status != Run.Status.pending, Duration.ofSeconds(30));

        assertThat(run.status).as(run.lastError).isEqualTo(Run.Status.complete);
        assertThat(run.attempts).isPositive();
        assertThat(run.lastError).isNull();
        assertThat(run.energyJoules).as("the end is within the gap before the fall: bridged at 80 W")
                .isCloseTo(driver.joules(start, end), within(ENERGY_TOLERANCE_JOULES));
        assertThat(run.peakWatts).isCloseTo(80, within(80 * POWER_TOLERANCE));
        assertThat(run.minWatts).isCloseTo(80, within(80 * POWER_TOLERANCE));
        assertThat(run.samples).as("scrapes up to the exporter's stop").isBetween(2, 4);

        // A run across the restart: the counter's fall is not counted as energy (increase() would add the 58 kJ the counter
        // fell to). The restarted exporter's first scrape may be stamped up to a scrape interval before its reading (a cold
        // JVM answers late): one interval of energy (80 J) more tolerance; the dip that leaves in the curve is not checked.
        Instant acrossEnd = Instant.now().minusMillis(500);
        long across = record(start, acrossEnd);
        Run followed = awaitRun(across, r -> r.status != Run.Status.pending, Duration.ofSeconds(20));
        assertThat(followed.status).as(followed.lastError).isEqualTo(Run.Status.complete);
        assertThat(followed.energyJoules).isCloseTo(driver.joules(start, acrossEnd), within(ENERGY_TOLERANCE_JOULES + 80));
        assertThat(followed.peakWatts).as("the power curve does not take the fall for energy either").isCloseTo(80, within(80 * POWER_TOLERANCE));
    }

    @Test
    @Order(3)
    void aRunRecordedWhilePrometheusIsAwayCompletesOnceItIsBack() {
        // a span where the (restarted) exporter was scraped all along, then a few scrapes past its end
        bed.prometheus().await("count_over_time(rapl_energy_joules_total{node=\"" + NODE + "\",domain=\"package\",package=\"0\"}[12s])",
                n -> n >= 11, Duration.ofSeconds(30));
        Instant end = Instant.now().minusSeconds(1);
        Instant start = end.minusSeconds(6);
        assertThat(driver.secondsSinceEpoch(start)).as("within the 80 W plateau").isGreaterThanOrEqualTo(30);
        double settled = end.plusSeconds(3).toEpochMilli() / 1000.0;
        bed.prometheus().await("max(timestamp(rapl_energy_joules_total{node=\"" + NODE + "\"}))", t -> t >= settled, Duration.ofSeconds(30));
        bed.prometheus().stopProcess();
        long id;
        try {
            id = record(start, end);
            Run waiting = awaitRun(id, r -> r.attempts > 0, Duration.ofSeconds(20));
            assertThat(waiting.status).isEqualTo(Run.Status.pending);
            assertThat(waiting.lastError).contains("Prometheus at " + bed.prometheus().baseUrl()).contains("unavailable");
        } finally {
            bed.prometheus().startProcess();
        }

        Run run = awaitRun(id, r -> r.status != Run.Status.pending, Duration.ofSeconds(40));

        assertThat(run.status).as(run.lastError).isEqualTo(Run.Status.complete);
        assertThat(run.attempts).isPositive();
        assertThat(run.energyJoules).isCloseTo(driver.joules(start, end), within(ENERGY_TOLERANCE_JOULES));
        assertThat(run.meanWatts).isCloseTo(80, within(80 * POWER_TOLERANCE));
        assertThat(run.peakWatts).isCloseTo(80, within(80 * POWER_TOLERANCE));
        assertThat(run.minWatts).isCloseTo(80, within(80 * POWER_TOLERANCE));
        assertThat(run.samples).isBetween(4, 5);
    }

    @Test
    @Order(4)
    void aRunWhoseDataCannotComeAnyMoreFailsWithTheReason() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (NodeEntry.findById("node-without-exporter") == null) {
                NodeEntry node = new NodeEntry();
                node.name = "node-without-exporter";
                node.system = ComputingSystem.named("e2e-system");
                node.updatedAt = Instant.now();
                node.persist();
            }
        });
        Instant end = Instant.now().minus(Duration.ofDays(15)); // beyond energy-analyzer.profiles.give-up-after (14 days)
        long id = recorder.record(new RunRequest("e2e-program", null, List.of("node-without-exporter"), end.minusSeconds(60), end,
                "e2e-" + UUID.randomUUID())).run().id;

        Run run = awaitRun(id, r -> r.status != Run.Status.pending, Duration.ofSeconds(15));

        assertThat(run.status).isEqualTo(Run.Status.failed);
        assertThat(run.attempts).isEqualTo(1);
        assertThat(run.nextAttemptAt).isNull();
        assertThat(run.lastError).startsWith("gave up PT336H after the run's end, after 1 attempts: Prometheus lacks data: ")
                .contains("no sample of node(s) [node-without-exporter]");
        assertThat(run.peakWatts).isNull();
    }

    @Test
    @Order(5)
    void theProfilerShowsInTheMetrics() {
        String metrics = given().accept("text/plain").get("/metrics").then().statusCode(200).extract().asString();

        assertThat(value(metrics, "energy_analyzer_runs_profiled_total", "")).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, "energy_analyzer_runs_profile_retries_total", "reason=\"incomplete\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "energy_analyzer_runs_profile_retries_total", "reason=\"unavailable\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "energy_analyzer_prometheus_requests_total", "outcome=\"ok\"")).isGreaterThan(10);
        assertThat(value(metrics, "energy_analyzer_prometheus_requests_total", "outcome=\"unavailable\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "energy_analyzer_runs_profile_failures_total", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "energy_analyzer_runs_pending", "")).isZero();
    }

    private long record(Instant start, Instant end) {
        return recorder.record(new RunRequest("e2e-program", null, List.of(NODE), start, end, "e2e-" + UUID.randomUUID()))
                .run().id;
    }

    private static Run load(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(id));
    }

    private static List<RunNodeProfile> nodeProfiles(long id) {
        return QuarkusTransaction.requiringNew().call(() -> RunNodeProfile.<RunNodeProfile>list("run.id", id));
    }

    private static Run awaitRun(long id, Predicate<Run> condition, Duration timeout) {
        Run[] last = new Run[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = load(id);
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** The value of series {@code name} whose labels hold {@code label}, from the exposition text. */
    private static double value(String metrics, String name, String label) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{") && line.contains(label))
                .findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + name + "{" + label + "} in\n" + metrics));
    }
}
