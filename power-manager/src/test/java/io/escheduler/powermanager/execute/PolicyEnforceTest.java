package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PlanBoard;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.StatusBuilder;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pending;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Enforced consolidation and power-on, end to end: power-manager's informers on the Kubernetes test server (CRUD
 * mode), the Lease won against it, evictions through the Eviction API (the test server answers them the way the API
 * server does: the pod goes, or HTTP 429 for a budget), the {@code exec} power driver running a real script, and
 * the audit trail in a real PostgreSQL.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PolicyEnforceTest.Cluster.class)
@TestProfile(PolicyEnforceTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyEnforceTest {

    static final Path DIR = Path.of("target", "policy-enforce").toAbsolutePath();
    static final PowerScript POWER = PowerScript.in(DIR);
    private static final String EVICTION = "/api/v1/namespaces/shop/pods/%s/eviction";
    /** The body of web-1's eviction, as the API server received it. */
    private static final java.util.concurrent.atomic.AtomicReference<String> EVICTION_BODY = new java.util.concurrent.atomic.AtomicReference<>();

    /** Consolidation and power-on enforced, the others off; the exec driver; a cycle only when a test runs one. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(POWER.config());
            config.putAll(PolicyModes.only("consolidation", "enforce", "power-on", "enforce"));
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    // a handful of 4-cpu nodes has no three nodes' room to spare (the default, for large clusters): pack tightly
                    Map.entry("power-manager.consolidation.spare-nodes", "0"),
                    Map.entry("power-manager.power-on.boot-timeout", "3s"),
                    Map.entry("power-manager.executor.drain-timeout", "20s"),
                    Map.entry("power-manager.leader-election.namespace", "escheduler"),
                    Map.entry("power-manager.leader-election.identity", "power-manager-under-test"),
                    Map.entry("power-manager.power.exec.timeout", "10s"),
                    Map.entry("power-manager.power.groups.bare.nodes", "worker-bare"),
                    Map.entry("power-manager.power.groups.bare.driver", "none")));
            return config;
        }
    }

    /**
     * A control-plane node, two busy workers that must stay on, worker-bare (one pod, but no power driver), worker-c
     * (one pod that moves freely, and a DaemonSet pod), worker-d (one pod whose eviction the API server will refuse)
     * and worker-off, powered off.
     */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            Map<String, String> keepOn = Map.of("energy.escheduler.io/do-not-power-off", "true");
            create(client, node("cp-1", true, Map.of("node-role.kubernetes.io/control-plane", ""), Map.of()));
            create(client, node("worker-a", true, Map.of(), keepOn));
            create(client, node("worker-b", true, Map.of(), keepOn));
            create(client, node("worker-bare", true, Map.of(), Map.of()));
            create(client, node("worker-c", true, Map.of(), Map.of()));
            create(client, node("worker-d", true, Map.of(), Map.of()));
            create(client, node("worker-off", false, Map.of(), Map.of("energy.escheduler.io/powered-off", "true")));
            create(client, pod("kube-system", "etcd-cp-1", "cp-1", "Node", "100m"));
            for (String worker : List.of("worker-a", "worker-b")) {
                for (int i = 1; i <= 3; i++) {
                    create(client, pod("shop", worker + "-app-" + i, worker, "ReplicaSet", "500m"));
                }
            }
            create(client, pod("shop", "cart-1", "worker-bare", "ReplicaSet", "500m"));
            create(client, pod("shop", "web-1", "worker-c", "ReplicaSet", "500m"));
            create(client, pod("monitoring", "exporter-c", "worker-c", "DaemonSet", "50m"));
            create(client, pod("shop", "api-1", "worker-d", "ReplicaSet", "500m"));
        }
    }

    private static boolean evictionsAnswered;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @Inject
    MeterRegistry registry;

    /**
     * The Lease is ours, and the API server answers evictions as it would: web-1's is admitted (the pod goes; its
     * controller would start a replacement elsewhere), api-1's is refused by a budget (HTTP 429).
     */
    @BeforeEach
    void leadsAndEvictionsAreAnswered() {
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("power.manager.policy.leader").gauge().value() == 1.0);
        if (evictionsAnswered) {
            return;
        }
        evictionsAnswered = true;
        KubernetesClient client = server.getClient();
        server.expect().post().withPath(String.format(EVICTION, "web-1")).andReply(201, request -> {
            EVICTION_BODY.set(request.getBody().readUtf8());
            CompletableFuture.runAsync(() -> client.pods().inNamespace("shop").withName("web-1").delete());
            return new StatusBuilder().withStatus("Success").build();
        }).once();
        server.expect().post().withPath(String.format(EVICTION, "api-1")).andReturn(429, new StatusBuilder().withStatus("Failure")
                .withCode(429).withReason("TooManyRequests")
                .withMessage("Cannot evict pod as it would violate the pod's disruption budget.").build()).always();
    }

    /**
     * The cycle cordons and evicts, and returns while web-1 goes; the power-off follows as soon as worker-c is
     * drained, without another cycle (the engine follows a waiting drain up every second).
     */
    @Test
    @Order(1)
    void consolidationCordonsEvictsWaitsForTheDrainAndPowersTheNodeOff() {
        KubernetesClient client = server.getClient();
        PlanBoard board = cycleWhenSynced();

        assertThat(board.acting()).isTrue();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> AuditRows.of("worker-c").contains("consolidation power-off done"));
        Node node = client.nodes().withName("worker-c").get();
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getMetadata().getAnnotations()).containsEntry("energy.escheduler.io/powered-off", "true")
                .containsEntry("energy.escheduler.io/cordoned-by", "consolidation").containsKey("energy.escheduler.io/powered-off-at");
        assertThat(POWER.calls()).containsExactly("off worker-c");
        // policy/v1: the API group version every supported Kubernetes serves (fabric8's evict() without argument sends v1beta1)
        assertThat(EVICTION_BODY.get()).contains("\"apiVersion\":\"policy/v1\"").contains("\"kind\":\"Eviction\"")
                .contains("\"name\":\"web-1\"").contains("\"namespace\":\"shop\"");
        assertThat(AuditRows.of("worker-c")).containsExactly("consolidation cordon done", "consolidation evict done",
                "consolidation power-off done");
        assertThat(AuditRows.events(server.getClient(), "worker-c")).contains("Cordon", "Evict", "PowerOff");
        assertThat(registry.get("power.manager.policy.actions").tags("policy", "consolidation", "kind", "power-off", "outcome", "done")
                .counter().count()).isEqualTo(1.0);
        given().get("/v1/plans/consolidation").then().statusCode(200)
                .body("powerOff", equalTo(List.of("worker-c")))
                .body("pods[0].podName", equalTo("web-1")).body("pods[0].nameSpace", equalTo("shop"))
                .body("mode", equalTo("enforce")).body("acting", equalTo(true));
    }

    /** After the first cycle: worker-bare came before worker-c (same pod count, name order). */
    @Test
    @Order(2)
    void aNodeWithoutPowerDriverIsNeitherCordonedNorDrainedAndThePlanSaysWhy() {
        Node node = server.getClient().nodes().withName("worker-bare").get();
        assertThat(node.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(node.getMetadata().getAnnotations()).doesNotContainKeys("energy.escheduler.io/cordoned-by",
                "energy.escheduler.io/powered-off");
        assertThat(server.getClient().pods().inNamespace("shop").withName("cart-1").get()).isNotNull();
        assertThat(AuditRows.of("worker-bare")).isEmpty();
        given().get("/v1/plans/consolidation").then().statusCode(200)
                .body("skipped.find { it.node == 'worker-bare' }.reason", equalTo("cannot be powered off: no power driver configured "
                        + "(power-manager.power.groups.bare.driver=none): set power-manager.power.groups.bare.driver "
                        + "(docs/power-manager.md, \"Power drivers\") (group bare)"));
    }

    @Test
    @Order(3)
    void aBudgetRefusalSkipsTheEvictionAbandonsThePowerOffAndUndoesTheCordon() {
        engine.cycle();

        Node node = server.getClient().nodes().withName("worker-d").get();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(node.getMetadata().getAnnotations()).doesNotContainKeys("energy.escheduler.io/powered-off",
                "energy.escheduler.io/cordoned-by");
        assertThat(server.getClient().pods().inNamespace("shop").withName("api-1").get()).isNotNull();
        assertThat(POWER.calls()).containsExactly("off worker-c");
        assertThat(AuditRows.of("worker-d")).containsExactly("consolidation cordon done", "consolidation evict skipped",
                "consolidation power-off skipped", "consolidation uncordon done");
        assertThat(AuditRows.first("worker-d", "evict").detail).contains("HTTP 429");
        assertThat(AuditRows.events(server.getClient(), "worker-d")).contains("EvictSkipped", "PowerOffSkipped", "Uncordon");
    }

    @Test
    @Order(4)
    void noSecondChangeOnANodeWithinTheCooldown() {
        engine.cycle();
        assertThat(AuditRows.of("worker-d")).hasSize(4);
        given().get("/v1/plans/consolidation").then().statusCode(200)
                .body("powerOff", equalTo(List.of()))
                .body("skipped.find { it.node == 'worker-d' }.reason", org.hamcrest.Matchers.containsString("cooldown"));
    }

    @Test
    @Order(5)
    void aPodRefusedForLackOfCpuPowersANodeOnWhichIsReportedWhenItDoesNotComeBack() {
        KubernetesClient client = server.getClient();
        create(client, pending("shop", "batch-1", "3", "0/5 nodes are available: 1 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod."));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            engine.cycle();
            return POWER.calls().contains("on worker-off");
        });

        assertThat(POWER.calls()).contains("on worker-off");
        Node node = client.nodes().withName("worker-off").get();
        assertThat(node.getMetadata().getAnnotations()).doesNotContainKey("energy.escheduler.io/powered-off")
                .containsKey("energy.escheduler.io/powered-on-at");
        assertThat(AuditRows.of("worker-off")).containsExactly("power-on power-on done");

        // it never becomes Ready: after the boot timeout it is reported once and not powered on again
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            engine.cycle();
            return client.nodes().withName("worker-off").get().getMetadata().getAnnotations()
                    .containsKey("energy.escheduler.io/power-on-failed");
        });
        engine.cycle();
        assertThat(AuditRows.of("worker-off")).containsExactly("power-on power-on done", "power-on power-on failed");
        assertThat(POWER.calls().stream().filter("on worker-off"::equals)).hasSize(1);
        assertThat(client.nodes().withName("worker-off").get().getMetadata().getAnnotations())
                .doesNotContainKey("energy.escheduler.io/powered-on-at");
    }

    /** The first cycle once the informers have listed the cluster. */
    private PlanBoard cycleWhenSynced() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        PlanBoard board = engine.cycle();
        while (board.unavailable() != null) {
            assertThat(System.nanoTime()).as("planning waits: %s", board.unavailable()).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            board = engine.cycle();
        }
        return board;
    }
}
