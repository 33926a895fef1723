package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PlanBoard;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.escheduler.powermanager.execute.MigrationTestbed.BUSY;
import static io.escheduler.powermanager.execute.MigrationTestbed.COOL;
import static io.escheduler.powermanager.execute.MigrationTestbed.HOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Enforced dvfs-migration and capping-migration on the Kubernetes test server, with node metrics from a real
 * Prometheus scraping three fixture nodes' msr-exporters ({@link MigrationTestbed}): each policy cordons its source
 * node and evicts through the Eviction API; the source is uncordoned once its evicted pods are gone, or after
 * {@code executor.uncordon-after} when they stay; capping-migration sheds, waits for the power to settle and, the node
 * still above, caps it through its real node-actuator (checked in the node's powercap files).
 */
@QuarkusTest
@WithKubernetesTestServer(setup = MigrationCluster.class)
@TestProfile(MigrationEnforceTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationEnforceTest {

    private static final String EVICTION = "/api/v1/namespaces/shop/pods/%s/eviction";

    /**
     * The two migrations enforced, the other policies off; capping-migration above 60 % of the maximum power (the TDP),
     * limit 60 %, one pod shed, 8 s settle; sources uncordoned after 12 s at the latest; a single replica.
     */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only("dvfs-migration", "enforce", "capping-migration", "enforce");
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.capping-migration.above-percent", "60"),
                    Map.entry("power-manager.capping-migration.limit-percent", "60"),
                    Map.entry("power-manager.capping-migration.lift-below-percent", "20"),
                    Map.entry("power-manager.capping-migration.num", "1"),
                    Map.entry("power-manager.capping-migration.settle", "8s"),
                    Map.entry("power-manager.executor.uncordon-after", "12s"),
                    Map.entry("power-manager.leader-election.enabled", "false"),
                    Map.entry("power-manager.actuator.discovery", "pods"),
                    Map.entry("power-manager.actuator.namespace", "escheduler")));
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MigrationTestbed.class));
        }
    }

    private static boolean evictionsAnswered;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    private final MigrationTestbed bed = MigrationTestbed.current();

    /**
     * {@value MigrationTestbed#HOT}'s actuator runs, as its DaemonSet pod; the API server answers evictions as it would:
     * web-1 goes (its controller would start it elsewhere), batch-2's eviction is admitted but the pod stays (a long
     * termination grace period).
     */
    @BeforeEach
    void actuatorRunsAndEvictionsAreAnswered() {
        KubernetesClient client = server.getClient();
        bed.startActuator(client.getMasterUrl().toString());
        KubeObjects.actuatorPod(client, HOT, "node-actuator-h0t1x");
        await().atMost(Duration.ofSeconds(60)).until(() -> annotations(HOT).containsKey("energy.escheduler.io/throttled"));
        if (evictionsAnswered) {
            return;
        }
        evictionsAnswered = true;
        server.expect().post().withPath(String.format(EVICTION, "web-1")).andReply(201, request -> {
            CompletableFuture.runAsync(() -> client.pods().inNamespace("shop").withName("web-1").delete());
            return new StatusBuilder().withStatus("Success").build();
        }).once();
        server.expect().post().withPath(String.format(EVICTION, "batch-2")).andReturn(201, new StatusBuilder().withStatus("Success")
                .build()).once();
    }

    @Test
    @Order(1)
    void eachMigrationCordonsItsSourceAndEvictsThroughTheEvictionApi() {
        PlanBoard board = cycleUntil(() -> AuditRows.of(HOT).contains("capping-migration evict done"));

        assertThat(board.acting()).isTrue();
        assertThat(AuditRows.of(HOT)).containsExactly("capping-migration cordon done", "capping-migration evict done");
        assertThat(cordonedBy(HOT)).isEqualTo("capping-migration");
        assertThat(AuditRows.of(BUSY)).containsExactly("dvfs-migration cordon done", "dvfs-migration evict done");
        assertThat(cordonedBy(BUSY)).isEqualTo("dvfs-migration");
        assertThat(target(BUSY, "batch-2")).isEqualTo(COOL);
        assertThat(target(HOT, "web-1")).isEqualTo(COOL);
        assertThat(AuditRows.events(server.getClient(), HOT)).contains("Cordon", "Evict");
        assertThat(server.getClient().nodes().withName(COOL).get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    @Order(2)
    void aSourceIsUncordonedOnceItsEvictedPodsAreGoneAndCappingMigrationWaitsForThePowerToSettle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getClient().pods().inNamespace("shop").withName("web-1").get() == null);
        cycleUntil(() -> AuditRows.of(HOT).contains("capping-migration uncordon done"));

        assertThat(AuditRows.of(HOT)).containsExactly("capping-migration cordon done", "capping-migration evict done", "capping-migration uncordon done");
        assertThat(AuditRows.latest(HOT, "uncordon").detail).isEqualTo("its evicted pods are gone");
        assertThat(server.getClient().nodes().withName(HOT).get().getSpec().getUnschedulable()).isFalse();
        assertThat(cordonedBy(HOT)).isNull();
        given().get("/v1/plans/capping-migration").then().statusCode(200)
                .body("actions", equalTo(List.of()))
                .body("skipped.find { it.node == '" + HOT + "' }.reason", containsString("for the power to settle"));

        assertThat(cordonedBy(BUSY)).as("batch-2 is still there").isEqualTo("dvfs-migration");
        assertThat(AuditRows.of(BUSY)).doesNotContain("dvfs-migration uncordon done");
    }

    @Test
    @Order(3)
    void stillAboveAfterTheSettleTimeTheNodeIsCappedThroughItsActuator() {
        cycleUntil(() -> AuditRows.of(HOT).contains("capping-migration set-power-limit done"));
        // 60 % of 170 W (the packages' TDP): 102 W for the node, 51 W per package
        assertThat(bed.hotPowercap("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("51000000");
        assertThat(bed.hotPowercap("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("51000000");
        assertThat(AuditRows.latest(HOT, "set-power-limit").reason).contains("still, 8s after shedding pods at ");
        assertThat(AuditRows.of(HOT)).doesNotContain("capping-migration set-power-limit failed").filteredOn(a -> a.contains("evict")).hasSize(1);
    }

    @Test
    @Order(4)
    void aSourceWhoseEvictedPodStaysIsUncordonedAfterTheDelay() {
        cycleUntil(() -> AuditRows.of(BUSY).contains("dvfs-migration uncordon done"));
        assertThat(AuditRows.latest(BUSY, "uncordon").detail).isEqualTo("after PT12S, with [shop/batch-2] still there");
        assertThat(server.getClient().nodes().withName(BUSY).get().getSpec().getUnschedulable()).isFalse();
        assertThat(cordonedBy(BUSY)).isNull();
        assertThat(AuditRows.of(BUSY)).as("the cooldown keeps it from being drained again at once")
                .containsExactly("dvfs-migration cordon done", "dvfs-migration evict done", "dvfs-migration uncordon done");
    }

    private PlanBoard cycleUntil(java.util.concurrent.Callable<Boolean> done) {
        PlanBoard[] last = new PlanBoard[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = engine.cycle();
            return done.call();
        });
        return last[0];
    }

    private Map<String, String> annotations(String node) {
        Node n = server.getClient().nodes().withName(node).get();
        return n.getMetadata().getAnnotations() == null ? Map.of() : n.getMetadata().getAnnotations();
    }

    private String cordonedBy(String node) {
        return annotations(node).get("energy.escheduler.io/cordoned-by");
    }

    private static String target(String node, String pod) {
        return QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("node = ?1 and pod = ?2", node, pod)
                .firstResult().target);
    }
}
