package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enforced DVFS and capping on a real node: the packaged msr-exporter and node-actuator on one fixture machine, a
 * real Prometheus, power-manager's informers on the Kubernetes test server, the actuator found as its pod on the node
 * and authenticated with power-manager's token. An idle node gets its CPU ceiling lowered and, drawing 130 W of its
 * 170 W maximum (two packages of 85 W TDP, as the exporter reports them), a power limit; busy again, its ceiling
 * goes back to the baseline; drawing 40 W, its limit is lifted. Each change is checked in the machine's own sysfs
 * files.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = DvfsCappingEnforceTest.Cluster.class)
@TestProfile(DvfsCappingEnforceTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DvfsCappingEnforceTest {

    private static final String CPU0_CEILING = "devices/system/cpu/cpu0/cpufreq/scaling_max_freq";
    private static final String LAST_CPU_CEILING = "devices/system/cpu/cpu31/cpufreq/scaling_max_freq";

    /** DVFS (6 s window) and capping (above 60 %, limit 60 %, lifted below 30 %) enforced, a single replica, 2 s cooldown. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only("dvfs", "enforce", "capping", "enforce");
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.dvfs.window", "6s"),
                    Map.entry("power-manager.capping.above-percent", "60"),
                    Map.entry("power-manager.capping.limit-percent", "60"),
                    Map.entry("power-manager.capping.lift-below-percent", "30"),
                    // not this node's maximum: its exporter reports the packages' TDP, which comes first
                    Map.entry("power-manager.capping.max-power-watts", "1000"),
                    Map.entry("power-manager.rails.cooldown", "2s"),
                    Map.entry("power-manager.leader-election.enabled", "false"),
                    Map.entry("power-manager.actuator.discovery", "pods"),
                    Map.entry("power-manager.actuator.namespace", "escheduler")));
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ActuatedNode.class));
        }
    }

    /** The node, Ready. */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            create(server.getClient(), node(ActuatedNode.NODE, true, Map.of(), Map.of()));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    private final ActuatedNode node = ActuatedNode.current();

    /** The node's actuator runs and is its DaemonSet pod on the node, at 127.0.0.1. */
    @BeforeEach
    void actuatorRuns() {
        KubernetesClient client = server.getClient();
        node.startActuator(client.getMasterUrl().toString());
        KubeObjects.actuatorPod(client, ActuatedNode.NODE, "node-actuator-7xk2p");
        await().atMost(Duration.ofSeconds(30)).until(() -> annotations().containsKey("energy.escheduler.io/throttled"));
    }

    @Test
    @Order(1)
    void anIdleNodeGetsItsCeilingLoweredThroughItsActuator() {
        assertThat(node.sysfs(CPU0_CEILING)).isEqualTo("3200000");
        cycleUntil("dvfs set-cpufreq done");
        assertThat(node.sysfs(CPU0_CEILING)).isEqualTo("800000");
        assertThat(node.sysfs(LAST_CPU_CEILING)).isEqualTo("800000");
        await().atMost(Duration.ofSeconds(30)).until(() -> annotations().getOrDefault("energy.escheduler.io/throttle-reason", "")
                .contains("cpufreq"));
    }

    @Test
    @Order(2)
    void aNodeAboveItsPowerThresholdIsCappedSharedAmongItsPackages() {
        // 130 W of 170 W (76 %) is above 60 %: the limit is 60 % of 170 W, 102 W, 51 W per package (not 60 % of the
        // packages' 300 W maximum power, which they reach only in bursts)
        cycleUntil("capping set-power-limit done");
        assertThat(node.powercap("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("51000000");
        assertThat(node.powercap("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("51000000");
        await().atMost(Duration.ofSeconds(30)).until(() -> annotations().getOrDefault("energy.escheduler.io/throttle-reason", "")
                .contains("power-limit"));
    }

    @Test
    @Order(3)
    void aBusyNodeGetsItsBaselineCeilingBack() {
        node.load(0.9);
        cycleUntil("dvfs restore-cpufreq done");
        assertThat(node.sysfs(CPU0_CEILING)).isEqualTo("3200000");
        assertThat(node.sysfs(LAST_CPU_CEILING)).isEqualTo("3200000");
        assertThat(AuditRows.of(ActuatedNode.NODE)).containsSubsequence("dvfs set-cpufreq done", "capping set-power-limit done", "dvfs restore-cpufreq done");
        assertThat(AuditRows.of(ActuatedNode.NODE)).doesNotContain("dvfs set-cpufreq failed", "capping set-power-limit failed");
    }

    @Test
    @Order(4)
    void aCappedNodeDrawingLittleHasItsLimitLiftedBackToTheBaseline() {
        // 30 W + 10 W of 170 W (24 %) is below 30 %
        node.packagePower(30);
        cycleUntil("capping lift-power-limit done");
        assertThat(node.powercap("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(node.powercap("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        await().atMost(Duration.ofSeconds(30)).until(() -> !java.util.Objects.requireNonNullElse(
                annotations().get("energy.escheduler.io/throttle-reason"), "").contains("power-limit"));
        assertThat(AuditRows.of(ActuatedNode.NODE)).doesNotContain("capping lift-power-limit failed");
    }

    private void cycleUntil(String action) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            engine.cycle();
            return AuditRows.of(ActuatedNode.NODE).contains(action);
        });
    }

    private Map<String, String> annotations() {
        Map<String, String> annotations = server.getClient().nodes().withName(ActuatedNode.NODE).get().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
