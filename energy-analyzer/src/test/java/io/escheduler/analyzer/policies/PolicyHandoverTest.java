package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.policies.execute.AuditMemory;
import io.escheduler.analyzer.policies.execute.AuditRows;
import io.escheduler.analyzer.policies.execute.AuditTrail;
import io.escheduler.analyzer.policies.execute.IdlePrometheus;
import io.escheduler.analyzer.policies.execute.NodePower;
import io.escheduler.analyzer.policies.execute.PolicyMetrics;
import io.escheduler.analyzer.policies.execute.PowerScript;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.analyzer.policies.execute.KubeObjects.create;
import static io.escheduler.analyzer.policies.execute.KubeObjects.node;
import static io.escheduler.analyzer.policies.execute.KubeObjects.pending;
import static io.escheduler.analyzer.policies.execute.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas, one after the other, on one Lease, one cluster (the Kubernetes test server) and one audit trail
 * (PostgreSQL): replica A acts, then stops; replica B, which did nothing itself, becomes leader and takes over A's
 * cooldowns and failure series from the audit trail, so it neither powers on again the node A just powered off nor
 * retries at once the power-on A saw fail.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PolicyHandoverTest.Cluster.class)
@TestProfile(PolicyHandoverTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
class PolicyHandoverTest {

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
                    Map.entry("quarkus.datasource.devservices.enabled", Boolean.toString(PostgresResource.dockerAnswers())),
                    Map.entry("energy-analyzer.kubernetes.enabled", "true"),
                    Map.entry("energy-analyzer.policies.interval", "1h"),
                    Map.entry("energy-analyzer.policies.power-off.grace-period", "0s"),
                    Map.entry("energy-analyzer.policies.rails.cooldown", "10m"),
                    Map.entry("energy-analyzer.policies.rails.failure-backoff", "10m"),
                    Map.entry("energy-analyzer.policies.leader-election.namespace", "escheduler"),
                    Map.entry("energy-analyzer.policies.leader-election.lease-duration", "2s"),
                    Map.entry("energy-analyzer.policies.leader-election.renew-deadline", "1500ms"),
                    Map.entry("energy-analyzer.policies.leader-election.retry-period", "200ms"),
                    Map.entry("energy-analyzer.policies.power.driver", "exec")));
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
    AnalyzerConfig config;
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
