package io.escheduler.powermanager.engine;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.powermanager.execute.AuditMemory;
import io.escheduler.powermanager.execute.AuditRows;
import io.escheduler.powermanager.execute.AuditTrail;
import io.escheduler.powermanager.execute.IdlePrometheus;
import io.escheduler.powermanager.execute.NodePower;
import io.escheduler.powermanager.execute.PolicyActionEntry;
import io.escheduler.powermanager.execute.PolicyMetrics;
import io.escheduler.powermanager.execute.PowerScript;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pending;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Handing the executor's memory over through the audit trail (PostgreSQL):
 * <ul>
 *   <li>from an energy-analyzer that ran the policies, to power-manager: the database held the analyzer's
 *   {@code public.policy_action} with its rows ({@link PostgresResource}); power-manager's Flyway migration V2 carried
 *   them into its own schema with their ids, and the memory restore a replica does at its first cycle reads them back
 *   as cooldowns and failure series;</li>
 *   <li>from one replica to the next, on one Lease and one cluster (the Kubernetes test server): replica A acts, then
 *   stops; replica B, which did nothing itself, becomes leader and takes over A's cooldowns and failure series, so it
 *   neither powers on again the node A just powered off nor retries at once the power-on A saw fail.</li>
 * </ul>
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PolicyHandoverTest.Cluster.class)
@TestProfile(PolicyHandoverTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyHandoverTest {

    /** The analyzer's last row: power-on of old-2 failed for the second time in a row. */
    private static final Instant ANALYZERS_LAST = Instant.parse("2025-06-02T10:00:00Z");

    static final Path DIR = Path.of("target", "policy-handover").toAbsolutePath();
    static final PowerScript POWER = PowerScript.in(DIR, "off-2", "BMC of $2: wrong password");

    /**
     * Power-on and power-off enforced (no grace period), 10 min cooldowns and failure backoff; a fast Lease; no fixed
     * identity, so that each replica has its own; the exec driver, whose script cannot switch off-2 on.
     */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(POWER.config());
            config.putAll(PolicyModes.only("power-on", "enforce", "power-off", "enforce"));
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.power-off.grace-period", "0s"),
                    Map.entry("power-manager.rails.cooldown", "10m"),
                    Map.entry("power-manager.rails.failure-backoff", "10m"),
                    Map.entry("power-manager.leader-election.namespace", "escheduler"),
                    Map.entry("power-manager.leader-election.lease-duration", "2s"),
                    Map.entry("power-manager.leader-election.renew-deadline", "1500ms"),
                    Map.entry("power-manager.leader-election.retry-period", "200ms"),
                    Map.entry("power-manager.power.driver", "exec")));
            return config;
        }
    }

    /** keep-1 (busy, stays on), idle-1 (nothing but a DaemonSet pod), off-2 (powered off), a pod pending for lack of CPU. */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            create(client, node("keep-1", true, Map.of(), Map.of("energy.escheduler.io/do-not-power-off", "true")));
            create(client, node("idle-1", true, Map.of(), Map.of()));
            create(client, node("off-2", false, Map.of(), Map.of("energy.escheduler.io/powered-off", "true")));
            create(client, pod("shop", "web-1", "keep-1", "ReplicaSet", "500m"));
            create(client, pod("monitoring", "exporter-1", "idle-1", "DaemonSet", "50m"));
            create(client, pending("shop", "batch-1", "3", "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated "
                    + "taint {node.kubernetes.io/unreachable: }. preemption: 0/3 nodes are available: 3 No preemption victims found."));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    /** Replica A: the application's own engine. */
    @Inject
    PolicyEngine engine;

    @Inject
    PowerManagerConfig config;
    @Inject
    SnapshotSource source;
    @Inject
    LiveCluster cluster;
    @Inject
    Instance<KubernetesClient> client;
    @Inject
    NodePower power;
    @Inject
    PolicyMetrics metrics;
    @Inject
    AuditTrail auditTrail;
    @Inject
    AuditMemory memory;

    @Test
    @Order(1)
    void theAnalyzersRowsAreCarriedOverWithTheirIds() {
        List<String> rows = QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("at <= ?1 order by id",
                ANALYZERS_LAST).list().stream().map(e -> e.id + " " + e.policy + " " + e.kind + " " + e.node + " " + e.outcome).toList());

        assertThat(rows).containsExactly("7 consolidation cordon old-1 done", "8 consolidation evict old-1 done",
                "9 consolidation power-off old-1 done", "12 power-on power-on old-2 failed", "13 power-on power-on old-2 failed");
        PolicyActionEntry next = new PolicyActionEntry();
        next.at = ANALYZERS_LAST.plusSeconds(1);
        next.plannedAt = ANALYZERS_LAST;
        next.policy = "power-on";
        next.kind = "power-on";
        next.node = "old-2";
        next.reason = "pending pods need 3 CPUs";
        next.outcome = "done";
        next.actor = "power-manager-upgrade-test";
        QuarkusTransaction.requiringNew().run(next::persist);
        assertThat(next.id).as("the next action's id follows the carried-over ones").isEqualTo(14);
        QuarkusTransaction.requiringNew().run(() -> PolicyActionEntry.deleteById(14L));
    }

    @Test
    @Order(2)
    void theMemoryRestoreReadsTheAnalyzersCooldownsAndFailureSeries() {
        PolicyState state = memory.restore(PolicyState.EMPTY, ANALYZERS_LAST.minusSeconds(3600), ANALYZERS_LAST.minusSeconds(300));

        assertThat(state.lastAction("old-1", Control.POWER)).isEqualTo(new ActionRecord(PolicyName.CONSOLIDATION, ActionKind.POWER_OFF,
                Instant.parse("2025-06-02T09:59:00Z")));
        assertThat(state.failures("old-2", Control.POWER).count()).isEqualTo(2);
        assertThat(state.failures("old-2", Control.POWER).detail()).isEqualTo("BMC of old-2: wrong password");
        assertThat(state.changesSince(ANALYZERS_LAST.minusSeconds(300))).as("old-1's changes count against the action budget")
                .isPositive();
    }

    @Test
    @Order(3)
    void aNewLeaderTakesOverTheCooldownsAndFailureSeriesOfTheLastOne() {
        // A leads and acts: off-2's power-on fails, idle-1 is powered off
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> engine.cycle().acting());
        assertThat(POWER.calls()).containsExactly("on off-2", "off idle-1");
        assertThat(AuditRows.all()).containsExactly("power-on power-on off-2 failed", "power-off cordon idle-1 done",
                "power-off power-off idle-1 done");

        PolicyEngine b = new PolicyEngine(config, source, cluster, client, power, metrics, auditTrail, memory);
        b.start(null);
        try {
            assertThat(b.cycle().acting()).as("A still leads").isFalse();
            engine.stop(null);
            PlanBoard[] board = new PlanBoard[1];
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                board[0] = b.cycle();
                return board[0].acting();
            });

            // B led for a whole cycle and did nothing: idle-1 is cooling down, off-2 is backing off
            assertThat(POWER.calls()).containsExactly("on off-2", "off idle-1");
            assertThat(AuditRows.all()).hasSize(3);
            assertThat(board[0].plans().get(PolicyName.POWER_ON).skipped()).extracting(Skip::node,
                    s -> s.reason().replaceAll("\\d{4}-\\d\\d-\\d\\dT\\S+Z", "T"))
                    .contains(tuple("idle-1", "cooling down: power-off did power-off at T, not powered on before T"));
            assertThat(board[0].plans().get(PolicyName.POWER_ON).skipped()).filteredOn(s -> "off-2".equals(s.node())).singleElement()
                    .satisfies(s -> assertThat(s.reason()).startsWith("safety rails: backoff: power-on's power-on failed 1 time, last at ")
                            .contains("wrong password"));
        } finally {
            b.stop(null);
        }
    }
}
