package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PlanBoard;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the executor does about changes that cannot finish, on the Kubernetes test server with the Lease won against
 * it and the audit trail in PostgreSQL: a replica that becomes leader undoes the cordons an earlier executor left
 * (annotated {@code cordoned-by}) and no other, and a power-off whose drain never ends (the Eviction API admits the
 * eviction but the pod stays) fails after the drain timeout, the node uncordoned and left on.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = ExecutorRecoveryTest.Cluster.class)
@TestProfile(ExecutorRecoveryTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorRecoveryTest {

    static final Path DIR = Path.of("target", "executor-recovery").toAbsolutePath();
    static final PowerScript POWER = PowerScript.in(DIR);
    static final String CORDONED_BY = "energy.escheduler.io/cordoned-by";

    /** Consolidation enforced, the others off; a 3 s drain timeout; the exec driver. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(POWER.config());
            config.putAll(PolicyModes.only("consolidation", "enforce"));
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    // a handful of 4-cpu nodes has no three nodes' room to spare (the default, for large clusters): pack tightly
                    Map.entry("power-manager.consolidation.spare-nodes", "0"),
                    Map.entry("power-manager.executor.drain-timeout", "3s"),
                    Map.entry("power-manager.leader-election.namespace", "escheduler"),
                    Map.entry("power-manager.leader-election.identity", "new-leader")));
            return config;
        }
    }

    /**
     * keep-1 (three pods, stays on); stuck-1 (one pod that will not leave); left as an earlier leader left them:
     * orphan-1 cordoned by consolidation, off-1 cordoned by power-off and powered off; manual-1 cordoned by a person.
     */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            Map<String, String> keepOn = Map.of("energy.escheduler.io/do-not-power-off", "true");
            create(client, node("keep-1", true, Map.of(), keepOn));
            create(client, node("stuck-1", true, Map.of(), Map.of()));
            create(client, cordoned(node("orphan-1", true, Map.of(), Map.of(CORDONED_BY, "consolidation",
                    "energy.escheduler.io/do-not-power-off", "true"))));
            create(client, cordoned(node("manual-1", true, Map.of(), keepOn)));
            create(client, cordoned(node("off-1", false, Map.of(), Map.of(CORDONED_BY, "power-off",
                    "energy.escheduler.io/powered-off", "true"))));
            for (int i = 1; i <= 3; i++) {
                create(client, pod("shop", "app-" + i, "keep-1", "ReplicaSet", "500m"));
            }
            create(client, pod("shop", "sticky-1", "stuck-1", "ReplicaSet", "500m"));
        }

        private static Node cordoned(Node node) {
            node.getSpec().setUnschedulable(true);
            return node;
        }
    }

    private static boolean evictionsAnswered;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @Inject
    MeterRegistry registry;

    /** The Lease is ours; the API server admits sticky-1's eviction, but the pod never terminates. */
    @BeforeEach
    void leadsAndEvictionsAreAnswered() {
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("power.manager.policy.leader").gauge().value() == 1.0);
        if (evictionsAnswered) {
            return;
        }
        evictionsAnswered = true;
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/sticky-1/eviction")
                .andReturn(201, new StatusBuilder().withStatus("Success").build()).always();
    }

    @Test
    @Order(1)
    void aNewLeaderUndoesOnlyTheCordonsAnEarlierExecutorLeftOnNodesThatAreOn() {
        PlanBoard board = cycleWhenSynced();
        assertThat(board.acting()).isTrue();

        Node orphan = server.getClient().nodes().withName("orphan-1").get();
        assertThat(orphan.getSpec().getUnschedulable()).isFalse();
        assertThat(orphan.getMetadata().getAnnotations()).doesNotContainKey(CORDONED_BY);
        assertThat(AuditRows.of("orphan-1")).containsExactly("consolidation uncordon done");
        assertThat(reason("orphan-1")).isEqualTo("cordoned by consolidation in a change this leader did not start");

        Node manual = server.getClient().nodes().withName("manual-1").get();
        assertThat(manual.getSpec().getUnschedulable()).as("a person's cordon stays").isTrue();
        assertThat(AuditRows.of("manual-1")).isEmpty();

        Node off = server.getClient().nodes().withName("off-1").get();
        assertThat(off.getSpec().getUnschedulable()).as("a node powered off stays cordoned").isTrue();
        assertThat(off.getMetadata().getAnnotations()).containsEntry(CORDONED_BY, "power-off");
        assertThat(AuditRows.of("off-1")).isEmpty();
    }

    /** The first cycle's consolidation of stuck-1: the drain it waits for fails once the 3 s drain timeout passed. */
    @Test
    @Order(2)
    void aDrainThatNeverEndsFailsThePowerOffAndLeavesTheNodeUncordonedAndOn() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> AuditRows.of("stuck-1").contains("consolidation uncordon done"));
        assertThat(AuditRows.of("stuck-1")).containsExactly("consolidation cordon done", "consolidation evict done",
                "consolidation power-off failed", "consolidation uncordon done");
        assertThat(AuditRows.first("stuck-1", "power-off").detail).startsWith("not powered off: pods still on the node after PT3S: [shop/sticky-1]");
        Node node = server.getClient().nodes().withName("stuck-1").get();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(node.getMetadata().getAnnotations()).doesNotContainKeys(CORDONED_BY, "energy.escheduler.io/powered-off");
        assertThat(server.getClient().pods().inNamespace("shop").withName("sticky-1").get()).isNotNull();
        assertThat(POWER.calls()).as("the power driver was never called").isEmpty();
    }

    private PlanBoard cycleWhenSynced() {
        PlanBoard[] board = new PlanBoard[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            board[0] = engine.cycle();
            return board[0].unavailable() == null;
        });
        return board[0];
    }

    private static String reason(String node) {
        return QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("node = ?1", node).firstResult().reason);
    }
}
