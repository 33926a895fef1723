package io.escheduler.powermanager.power;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.escheduler.powermanager.execute.AuditRows;
import io.escheduler.powermanager.execute.IdlePrometheus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pending;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enforced power-on and power-off through the {@code redfish} driver, end to end: the executor on the Kubernetes test
 * server hands the Nodes to the driver, which finds each node's BMC from its {@code bmc-address} annotation, reads the
 * credentials from the Secret through the application's client, and drives a Redfish server ({@link FakeBmc}) with
 * {@code ComputerSystem.Reset} until {@code PowerState} reaches the target. A BMC that refuses the password fails the
 * power-off, which is undone (the node uncordoned) and recorded.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = RedfishEnforceTest.Cluster.class)
@TestProfile(RedfishEnforceTest.Enforce.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
class RedfishEnforceTest {

    /** One BMC per node, started with the class (the cluster's setup needs their addresses). */
    static final class Bmcs {
        static final FakeBmc IDLE = start("On");
        static final FakeBmc OFF = start("Off");
        /** Its password is not the Secret's. */
        static final FakeBmc LOCKED = start("On");

        static {
            LOCKED.password = "changed-on-the-bmc";
        }

        private static FakeBmc start(String powerState) {
            try {
                return FakeBmc.http().with("1", new FakeBmc.SystemState(powerState));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Power-on and power-off enforced (no grace period), every other policy off; redfish for every node; one replica. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String p = "power-manager.power.";
            Map<String, String> config = PolicyModes.only("power-on", "enforce", "power-off", "enforce");
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.power-off.grace-period", "0s"),
                    Map.entry("power-manager.leader-election.enabled", "false"),
                    Map.entry(p + "driver", "redfish"),
                    Map.entry(p + "redfish.credentials-secret", "bmc-login"),
                    Map.entry(p + "redfish.poll-interval", "50ms"),
                    Map.entry(p + "redfish.power-on-timeout", "10s"),
                    Map.entry(p + "redfish.soft-off-timeout", "10s")));
            return config;
        }
    }

    /**
     * keep-1 (busy, stays on); idle-1 and idle-2 (nothing but a DaemonSet pod), idle-2's BMC refusing the password;
     * off-1, powered off; a pod pending for lack of CPU. Each node's BMC in its {@code bmc-address} annotation.
     */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            client.secrets().inNamespace(client.getNamespace()).resource(new SecretBuilder().withNewMetadata().withName("bmc-login")
                    .withNamespace(client.getNamespace()).endMetadata()
                    .withData(Map.of("username", base64("admin"), "password", base64("s3cret"))).build()).create();
            create(client, node("keep-1", true, Map.of(), Map.of("energy.escheduler.io/do-not-power-off", "true")));
            create(client, node("idle-1", true, Map.of(), Map.of(BmcAddress.ANNOTATION, Bmcs.IDLE.url())));
            create(client, node("idle-2", true, Map.of(), Map.of(BmcAddress.ANNOTATION, Bmcs.LOCKED.url())));
            create(client, node("off-1", false, Map.of(), Map.of(BmcAddress.ANNOTATION, Bmcs.OFF.url(),
                    "energy.escheduler.io/powered-off", "true")));
            create(client, pod("shop", "web-1", "keep-1", "ReplicaSet", "500m"));
            create(client, pod("monitoring", "exporter-1", "idle-1", "DaemonSet", "50m"));
            create(client, pod("monitoring", "exporter-2", "idle-2", "DaemonSet", "50m"));
            create(client, pending("shop", "batch-1", "3", "0/4 nodes are available: 3 Insufficient cpu, 1 node(s) had untolerated taint "
                    + "{node.kubernetes.io/unreachable: }. preemption: 0/4 nodes are available: 4 No preemption victims found."));
        }

        private static String base64(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @AfterAll
    static void stopBmcs() {
        Bmcs.IDLE.close();
        Bmcs.OFF.close();
        Bmcs.LOCKED.close();
    }

    @Test
    void nodesArePoweredOnAndOffThroughTheirBmcsAndARefusedPasswordFailsThePowerOff() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> engine.cycle().unavailable() == null);

        assertThat(Bmcs.OFF.resetsOf("1")).containsExactly("On");
        assertThat(Bmcs.OFF.systems.get("1").powerState).isEqualTo("On");
        assertThat(AuditRows.of("off-1")).containsExactly("power-on power-on done");
        assertThat(annotations("off-1")).doesNotContainKey("energy.escheduler.io/powered-off").containsKey("energy.escheduler.io/powered-on-at");

        assertThat(Bmcs.IDLE.resetsOf("1")).containsExactly("GracefulShutdown");
        assertThat(Bmcs.IDLE.systems.get("1").powerState).isEqualTo("Off");
        assertThat(AuditRows.of("idle-1")).containsExactly("power-off cordon done", "power-off power-off done");
        assertThat(annotations("idle-1")).containsEntry("energy.escheduler.io/powered-off", "true");

        assertThat(Bmcs.LOCKED.resetsOf("1")).isEmpty();
        assertThat(Bmcs.LOCKED.systems.get("1").powerState).isEqualTo("On");
        assertThat(AuditRows.of("idle-2")).containsExactly("power-off cordon done", "power-off power-off failed", "power-off uncordon done");
        assertThat(AuditRows.first("idle-2", "power-off").detail).contains("HTTP 401").contains("Secret bmc-login");
        Node locked = server.getClient().nodes().withName("idle-2").get();
        assertThat(locked.getSpec().getUnschedulable()).isFalse();
        assertThat(locked.getMetadata().getAnnotations()).doesNotContainKey("energy.escheduler.io/powered-off");
    }

    private Map<String, String> annotations(String node) {
        return server.getClient().nodes().withName(node).get().getMetadata().getAnnotations();
    }
}
