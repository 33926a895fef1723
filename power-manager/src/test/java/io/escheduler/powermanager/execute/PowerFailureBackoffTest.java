package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * A power driver that keeps failing (the {@code exec} driver's script exits 3, as a BMC that does not answer would make
 * it), through the executor on the Kubernetes test server with the audit trail in PostgreSQL: the failure backs the
 * node's power off (plans say until when), the second failure in a row marks the node
 * {@code energy.escheduler.io/power-failed} and nothing tries its power again; once an operator fixed the cause and
 * removed the mark, the node is powered off.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PowerFailureBackoffTest.Cluster.class)
@TestProfile(PowerFailureBackoffTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PowerFailureBackoffTest {

    static final Path DIR = Path.of("target", "power-failure-backoff").toAbsolutePath();
    /** Failing until the second test. */
    static final PowerScript POWER = PowerScript.in(DIR, null, "BMC of $2 unreachable: connection refused");
    static final String MARK = "energy.escheduler.io/power-failed";

    /** Power-off enforced without grace period or cooldown; a 3 s failure backoff; two failures in a row mark the node. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            POWER.failing(true);
            Map<String, String> config = new java.util.HashMap<>(POWER.config());
            config.putAll(PolicyModes.only("power-off", "enforce"));
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.power-off.grace-period", "0s"),
                    Map.entry("power-manager.rails.cooldown", "0s"),
                    Map.entry("power-manager.rails.failure-backoff", "3s"),
                    Map.entry("power-manager.rails.max-failures", "2"),
                    Map.entry("power-manager.leader-election.enabled", "false"),
                    Map.entry("power-manager.power.exec.timeout", "10s")));
            return config;
        }
    }

    /** keep-1, busy and annotated do-not-power-off; idle-1, with only a DaemonSet pod. */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            create(client, node("keep-1", true, Map.of(), Map.of("energy.escheduler.io/do-not-power-off", "true")));
            create(client, node("idle-1", true, Map.of(), Map.of()));
            create(client, pod("shop", "web-1", "keep-1", "ReplicaSet", "500m"));
            create(client, pod("monitoring", "exporter-1", "idle-1", "DaemonSet", "50m"));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void aFailedPowerOffIsUndoneAndBacksOffThenTheNodeIsMarkedAndLeftAlone() throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> engine.cycle().unavailable() == null);
        List<String> first = AuditRows.of("idle-1");
        assertThat(first).containsExactly("power-off cordon done", "power-off power-off failed", "power-off uncordon done");
        assertThat(AuditRows.of("idle-1", "power-off").get(0).detail).contains("exited with 3", "BMC of idle-1 unreachable: connection refused",
                "(failure 1 of at most 2 in a row)");
        assertThat(POWER.calls()).containsExactly("off idle-1");
        Node node = server.getClient().nodes().withName("idle-1").get();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(node.getMetadata().getAnnotations()).doesNotContainKeys("energy.escheduler.io/powered-off", MARK);

        // within the backoff: planned, refused by the rails with the reason, not tried
        engine.cycle();
        assertThat(POWER.calls()).hasSize(1);
        given().get("/v1/plans/power-off").then().statusCode(200).body("skipped.find { it.node == 'idle-1' }.reason", allOf(
                startsWith("safety rails: backoff: power-off's power-off failed 1 time, last at "),
                containsString("its power is not tried again before ")));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            engine.cycle();
            return POWER.calls().size() == 2;
        });
        assertThat(AuditRows.of("idle-1")).containsExactly("power-off cordon done", "power-off power-off failed",
                "power-off uncordon done", "power-off cordon done", "power-off power-off failed", "power-off uncordon done");
        assertThat(AuditRows.of("idle-1", "power-off").get(1).detail).contains("failed 2 times in a row: node annotated " + MARK
                + ", and no policy tries its power again until an operator removes that annotation");
        node = server.getClient().nodes().withName("idle-1").get();
        assertThat(node.getMetadata().getAnnotations().get(MARK)).contains("power-off's power-off failed 2 times in a row; last: ")
                .contains("exited with 3");
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(AuditRows.events(server.getClient(), "idle-1")).contains("PowerOffFailed");
        assertThat(registry.get("power.manager.policy.actions").tags("policy", "power-off", "kind", "power-off", "outcome", "failed")
                .counter().count()).isEqualTo(2.0);

        // marked: the policy leaves it alone, saying why, however long one waits
        Thread.sleep(Duration.ofSeconds(7).toMillis()); // past the 6 s backoff of a second failure
        engine.cycle();
        engine.cycle();
        assertThat(POWER.calls()).hasSize(2);
        assertThat(AuditRows.of("idle-1")).hasSize(6);
        given().get("/v1/plans/power-off").then().statusCode(200).body("skipped.find { it.node == 'idle-1' }.reason",
                startsWith("runs no workload, but cannot be powered off: annotated " + MARK + " ("));
    }

    @Test
    @Order(2)
    void onceTheOperatorFixedTheCauseAndRemovedTheMarkTheNodeIsPoweredOff() throws IOException {
        POWER.failing(false);
        server.getClient().nodes().withName("idle-1").edit(n -> {
            n.getMetadata().getAnnotations().remove(MARK);
            return n;
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            engine.cycle();
            return AuditRows.of("idle-1").contains("power-off power-off done");
        });
        assertThat(POWER.calls()).containsExactly("off idle-1", "off idle-1", "off idle-1");
        assertThat(server.getClient().nodes().withName("idle-1").get().getMetadata().getAnnotations())
                .containsEntry("energy.escheduler.io/powered-off", "true").doesNotContainKey(MARK);
    }
}
