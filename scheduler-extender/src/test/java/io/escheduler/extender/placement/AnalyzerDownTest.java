package io.escheduler.extender.placement;

import io.escheduler.extender.api.Cluster;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.protocol.Requests;
import io.escheduler.testing.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The analyzer is down (nothing listens on its port): energy-aware pods are scored on throttling alone, never refused. */
@QuarkusTest
@WithKubernetesTestServer(setup = Cluster.class)
@TestProfile(AnalyzerDownTest.NoAnalyzer.class)
class AnalyzerDownTest {

    public static class NoAnalyzer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("scheduler-extender.analyzer.url", "http://127.0.0.1:" + Ports.free());
        }
    }

    @Inject
    NodeCache nodes;

    @Test
    void energyAwarePodsGetNeutralEnergyScores() {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.synced() && nodes.get("worker-c2") != null);
        for (int i = 0; i < 6; i++) { // past the circuit breaker's threshold: it opens and still answers
            Response response = given().contentType("application/json").body(Requests.bytes("nodes-energy-aware.json")).post("/prioritize");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.asString()).isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":10},{\"Host\":\"worker-c1\",\"Score\":10}]");
        }
        String metrics = given().get("/metrics").asString();
        assertThat(metrics).contains("extender_dependency_failures_total{dependency=\"analyzer\"} 6.0")
                .contains("extender_verdicts_total{verb=\"prioritize\",verdict=\"no-ranking\"} 6.0");
        Response filter = given().contentType("application/json").body(Requests.bytes("names-mixed.json")).post("/filter");
        assertThat(filter.asString()).contains("\"NodeNames\":[\"worker-a1\",\"worker-c1\"]");
    }
}
