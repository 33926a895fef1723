package io.escheduler.powermanager.source;

import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyModes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.escheduler.powermanager.source.TwoNodeTestbed.BUSY;
import static io.escheduler.powermanager.source.TwoNodeTestbed.QUIET;
import static io.escheduler.powermanager.source.TwoNodeTestbed.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Node metrics from a real Prometheus scraping two real msr-exporters ({@link TwoNodeTestbed}): 110 W and 80% busy,
 * 50 W and 60% then 10% busy; then a counter that falls as after an exporter restart, and Prometheus away. Every
 * policy is off here: power-manager then watches nothing and plans nothing, while node metrics still answer.
 *
 * <p>Tolerances: utilisation comes from busy and idle counters read in the same scrape, so their ratio is exact up
 * to tick rounding; power is a counter's rise over about two seconds between scrapes that Prometheus stamps some
 * milliseconds before the exporter reads (tens on a loaded machine): a few percent, so the median of five readings a
 * scrape apart is held to 5%.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(NodeMetricsSourceTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeMetricsSourceTest {

    private static final double POWER_TOLERANCE = 0.05;
    private static final int POWER_READINGS = 5;
    private static final double UTILISATION_TOLERANCE = 0.02;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The testbed's Prometheus; every policy off, so that nothing watches a Kubernetes API server. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only();
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TwoNodeTestbed.class));
        }
    }

    @Inject
    NodeMetricsSource source;

    @Inject
    InformerSnapshotSource snapshots;

    @Inject
    PolicyInformers informers;

    @Inject
    MeterRegistry registry;

    private final TwoNodeTestbed bed = TwoNodeTestbed.current();

    @Test
    @Order(1)
    void eachNodeHasItsUtilisationPowerMaximumPowerAndTdp() {
        Map<String, NodeMetrics> metrics = awaitMetrics(m -> m.containsKey(BUSY) && m.containsKey(QUIET)
                && !Double.isNaN(m.get(BUSY).peakUtilisation()) && !Double.isNaN(m.get(QUIET).peakUtilisation()));

        NodeMetrics busy = metrics.get(BUSY);
        assertThat(busy.utilisation()).isCloseTo(0.80, within(UTILISATION_TOLERANCE));
        assertThat(busy.peakUtilisation()).isCloseTo(0.80, within(UTILISATION_TOLERANCE));
        assertThat(busy.maxPowerWatts()).as("the TDP, before the packages' burst maximum").isEqualTo(TwoNodeTestbed.TDP_WATTS);
        assertThat(busy.tdpWatts()).isEqualTo(TwoNodeTestbed.TDP_WATTS);

        NodeMetrics quiet = metrics.get(QUIET);
        assertThat(quiet.utilisation()).isCloseTo(0.60, within(UTILISATION_TOLERANCE));
        assertThat(quiet.maxPowerWatts()).isEqualTo(TwoNodeTestbed.TDP_WATTS);
        assertThat(quiet.tdpWatts()).isEqualTo(TwoNodeTestbed.TDP_WATTS);
        assertThat(metrics).as("one entry per node scraped").containsOnlyKeys(BUSY, QUIET, RESTARTED);

        // power: the median of readings a scrape apart, so that one scrape stamped late does not decide
        List<Map<String, NodeMetrics>> readings = new ArrayList<>(List.of(metrics));
        while (readings.size() < POWER_READINGS) {
            Instant next = Instant.now().plusSeconds(1);
            readings.add(awaitMetrics(m -> m.containsKey(BUSY) && m.containsKey(QUIET) && Instant.now().isAfter(next)));
        }
        assertThat(medianWatts(readings, BUSY)).isCloseTo(TwoNodeTestbed.BUSY_WATTS, within(TwoNodeTestbed.BUSY_WATTS * POWER_TOLERANCE));
        assertThat(medianWatts(readings, QUIET)).isCloseTo(TwoNodeTestbed.QUIET_WATTS, within(TwoNodeTestbed.QUIET_WATTS * POWER_TOLERANCE));
    }

    @Test
    @Order(2)
    void thePeakRemembersTheWindow() {
        bed.load(QUIET, 0.10);

        // once the rate window has only 10% samples, the 10 s DVFS window still holds the 60% ones
        NodeMetrics dropped = awaitMetrics(m -> m.containsKey(QUIET) && Math.abs(m.get(QUIET).utilisation() - 0.10) < UTILISATION_TOLERANCE)
                .get(QUIET);
        assertThat(dropped.peakUtilisation()).isCloseTo(0.60, within(UTILISATION_TOLERANCE));

        NodeMetrics settled = awaitMetrics(m -> m.containsKey(QUIET) && m.get(QUIET).peakUtilisation() < 0.10 + UTILISATION_TOLERANCE)
                .get(QUIET);
        assertThat(settled.utilisation()).isCloseTo(0.10, within(UTILISATION_TOLERANCE));
        assertThat(settled.peakUtilisation()).isGreaterThanOrEqualTo(settled.utilisation());
    }

    @Test
    @Order(3)
    void aNodeWhoseCounterFellHasNoPowerForARateWindowNeverASpike() {
        awaitMetrics(m -> m.containsKey(RESTARTED));
        bed.counterFalls(50_000);

        double spike = 2 * FallingCounterTarget.WATTS;
        List<Double> seen = new CopyOnWriteArrayList<>();
        Predicate<Map<String, NodeMetrics>> noting = m -> {
            if (m.containsKey(RESTARTED)) {
                seen.add(m.get(RESTARTED).powerWatts());
            }
            return true;
        };
        Predicate<Map<String, NodeMetrics>> spiked = m -> m.containsKey(RESTARTED) && m.get(RESTARTED).powerWatts() >= spike;
        Map<String, NodeMetrics> during = awaitMetrics(noting.and(spiked.or(m -> !m.containsKey(RESTARTED))));
        assertThat(during).as("the other nodes are not concerned").containsKeys(BUSY, QUIET);
        NodeMetrics after = awaitMetrics(noting.and(spiked.or(m -> m.containsKey(RESTARTED)))).get(RESTARTED);

        assertThat(seen).as("rate() alone reads the fall as a reset to zero and counts the 50 kJ left as energy")
                .allSatisfy(watts -> assertThat(watts).isLessThan(spike));
        assertThat(after.powerWatts()).isCloseTo(FallingCounterTarget.WATTS, within(FallingCounterTarget.WATTS * POWER_TOLERANCE));
    }

    @Test
    @Order(4)
    void withEveryPolicyOffNothingIsWatchedAndThereIsNoSnapshot() {
        assertThat(informers.started()).isFalse();
        assertThat(informers.synced()).isFalse();
        assertThat(informers.nodes()).isEmpty();
        assertThat(informers.podsOn("n1")).isEmpty();
        assertThat(registry.find("power.manager.kubernetes.informer.synced").gauges()).isEmpty();
        assertThatThrownBy(snapshots::snapshot).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every power-manager.*.mode is off");
    }

    @Test
    @Order(5)
    void whilePrometheusIsAwayThereAreNoMetricsThenTheyComeBack() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(NodeMetricsSource.class.getName());
        logger.addHandler(capture);
        try {
            bed.prometheus().stopProcess();
            try {
                for (int cycle = 0; cycle < 3; cycle++) {
                    assertThat(source.metrics(Instant.now())).as("cycle %d: empty, not an exception", cycle).isEmpty();
                }
            } finally {
                bed.prometheus().startProcess();
            }
            // the client's circuit breaker waits 5 s before asking again; then the scrapes since the restart give rates
            awaitMetrics(m -> m.containsKey(BUSY) && m.containsKey(QUIET) && m.containsKey(RESTARTED));
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(logged).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).as("one warning for the outage")
                .singleElement().satisfies(r -> assertThat(r.getMessage()).contains("no node metrics while Prometheus is unavailable"));
        assertThat(logged).filteredOn(r -> r.getMessage().startsWith("Prometheus answers again")).as("and one line for its end").hasSize(1);
    }

    private Map<String, NodeMetrics> awaitMetrics(Predicate<Map<String, NodeMetrics>> condition) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> source.metrics(Instant.now()), condition);
    }

    private static double medianWatts(List<Map<String, NodeMetrics>> readings, String node) {
        double[] watts = readings.stream().mapToDouble(m -> m.get(node).powerWatts()).sorted().toArray();
        return watts[watts.length / 2];
    }
}
