package io.escheduler.analyzer.prometheus;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.profiles.EnergyTestbed;
import io.escheduler.analyzer.profiles.TestbedProfile;
import io.escheduler.prometheus.PrometheusClient;
import io.escheduler.prometheus.PrometheusQueryException;
import io.escheduler.prometheus.PrometheusUnavailableException;
import io.escheduler.prometheus.Series;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a real Prometheus (scraping the real exporter): answers, refusals, and Prometheus going away and coming back. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(TestbedProfile.class)
class PrometheusClientTest {

    private static final String ENERGY = "rapl_energy_joules_total{node=\"" + EnergyTestbed.NODE + "\"}";

    @Inject
    PrometheusClient client;

    @Inject
    MeterRegistry registry;

    @Test
    void anInstantQueryHasEverySeriesWithItsLabels() {
        List<Series> series = client.query(ENERGY, Instant.now());

        assertThat(series).hasSize(4);
        assertThat(series).extracting(s -> s.label("domain") + "/" + s.label("package"))
                .containsExactlyInAnyOrder("package/0", "package/1", "dram/0", "dram/1");
        assertThat(series).allSatisfy(s -> assertThat(s.samples()).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isGreaterThan(1000)));
    }

    @Test
    void aRangeQueryHasOneSamplePerStep() {
        Instant end = Instant.now().minusSeconds(1);
        List<Series> series = client.queryRange("sum by (node) (" + ENERGY + ")", end.minusSeconds(4), end, Duration.ofSeconds(1));

        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.label("node")).isEqualTo(EnergyTestbed.NODE);
            assertThat(s.samples()).hasSize(5);
            assertThat(s.samples().get(4).time()).isEqualTo(Instant.ofEpochMilli(end.toEpochMilli()));
        });
    }

    @Test
    void aBadQueryIsRefusedOnceAndSaysWhy() {
        double before = requests("bad_query");

        assertThatThrownBy(() -> client.query("sum by (node) (rate(" + ENERGY + "))", Instant.now()))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("bad_data")
                .hasMessageContaining("range vector");
        assertThat(requests("bad_query")).as("not retried").isEqualTo(before + 1);
    }

    @Test
    void whilePrometheusIsAwayCallsFailAsUnavailableThenTheBreakerOpensThenItRecovers() {
        EnergyTestbed bed = EnergyTestbed.current();
        bed.prometheus().stopProcess();
        try {
            double before = requests("unavailable");
            assertThatThrownBy(() -> client.query(ENERGY, Instant.now()))
                    .isInstanceOf(PrometheusUnavailableException.class)
                    .hasMessageContaining("Prometheus at " + bed.prometheus().baseUrl() + " is unavailable");
            assertThat(requests("unavailable")).as("two retries").isEqualTo(before + 3);

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    client.query(ENERGY, Instant.now());
                    return false;
                } catch (PrometheusUnavailableException e) {
                    return e.getMessage().contains("circuit open");
                }
            });
            assertThat(requests("circuit_open")).isPositive();
        } finally {
            bed.prometheus().startProcess();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !client.query(ENERGY, Instant.now()).isEmpty());
    }

    private double requests(String outcome) {
        return registry.counter("energy.analyzer.prometheus.requests", "outcome", outcome).count();
    }
}
