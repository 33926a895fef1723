package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pending;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Dry-run, the default: every replica plans from the live cluster (the Kubernetes test server, CRUD mode) and serves
 * the plans, in the seed's shapes, on {@code GET /v1/plans} and in files, with the safety rails' verdicts; nothing in
 * the cluster changes, no action is recorded, no Lease is taken.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PolicyDryRunTest.Cluster.class)
@TestProfile(PolicyDryRunTest.DryRun.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IdlePrometheus.class, restrictToAnnotatedClass = true)
class PolicyDryRunTest {

    static final Path PLANS = Path.of("target", "policy-dry-run", "plans").toAbsolutePath();

    static final Path SPOOL = Path.of("target", "policy-dry-run", "spool").toAbsolutePath();

    /**
     * Every policy in dry-run but capping (off); no grace period; at least five nodes on; the file power driver for
     * every node but those of group {@code bare} (driver none).
     */
    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.capping.mode", "off"),
                    Map.entry("power-manager.power-off.grace-period", "0s"),
                    Map.entry("power-manager.rails.min-nodes-on", "5"),
                    Map.entry("power-manager.plan-directory", PLANS.toString()),
                    Map.entry("power-manager.power.driver", "file"),
                    Map.entry("power-manager.power.file.power-on-path", SPOOL.resolve("powerOn.json").toString()),
                    Map.entry("power-manager.power.file.power-off-path", SPOOL.resolve("powerOff.json").toString()),
                    Map.entry("power-manager.power.groups.bare.nodes", "empty-3,off-0"),
                    Map.entry("power-manager.power.groups.bare.driver", "none"));
        }
    }

    /**
     * cp-1; worker-a (three pods); empty-1 and empty-2 (a DaemonSet pod each); empty-3 (no pods, no power driver);
     * worker-pdb (one pod its budget does not let go); off-0 (powered off, no power driver) and off-1 (powered off);
     * a pending pod refused for lack of memory.
     */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            create(client, node("cp-1", true, Map.of("node-role.kubernetes.io/control-plane", ""), Map.of()));
            create(client, node("worker-a", true, Map.of(), Map.of()));
            create(client, node("empty-1", true, Map.of(), Map.of()));
            create(client, node("empty-2", true, Map.of(), Map.of()));
            create(client, node("empty-3", true, Map.of(), Map.of()));
            create(client, node("worker-pdb", true, Map.of(), Map.of()));
            create(client, node("off-0", false, Map.of(), Map.of("energy.escheduler.io/powered-off", "true")));
            create(client, node("off-1", false, Map.of(), Map.of("energy.escheduler.io/powered-off", "true")));
            for (int i = 1; i <= 3; i++) {
                create(client, pod("shop", "app-" + i, "worker-a", "ReplicaSet", "500m"));
            }
            create(client, pod("monitoring", "exporter-1", "empty-1", "DaemonSet", "50m"));
            create(client, pod("monitoring", "exporter-2", "empty-2", "DaemonSet", "50m"));
            create(client, pod("payments", "ledger-1", "worker-pdb", "StatefulSet", "500m"));
            PodDisruptionBudget budget = client.policy().v1().podDisruptionBudget().inNamespace("payments").resource(
                    new PodDisruptionBudgetBuilder().withNewMetadata().withName("ledger").withNamespace("payments").endMetadata()
                            .withNewSpec().withNewSelector().addToMatchLabels("app", "ledger").endSelector()
                            .withNewMinAvailable(1).endSpec().build()).create();
            budget.setStatus(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder().withDisruptionsAllowed(0)
                    .withCurrentHealthy(1).withDesiredHealthy(1).withExpectedPods(1).build());
            client.policy().v1().podDisruptionBudget().inNamespace("payments").resource(budget).updateStatus();
            create(client, pending("shop", "batch-1", "1", "0/5 nodes are available: 1 node(s) had untolerated taint "
                    + "{node-role.kubernetes.io/control-plane: }, 4 Insufficient memory."));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void planned() {
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.cycle().unavailable() == null);
    }

    @Test
    void plansAreServedInTheSeedsShapesWithTheRailsVerdicts() {
        given().get("/v1/plans/power-off").then().statusCode(200)
                .body("powerOff", equalTo(List.of("empty-1")))
                .body("mode", equalTo("dry-run")).body("acting", equalTo(false))
                .body("skipped.reason", hasItem(containsString("would leave 4 nodes on (minimum 5)")));
        given().get("/v1/plans/consolidation").then().statusCode(200)
                .body("skipped.find { it.node == 'worker-pdb' }.reason", containsString("payments/ledger"));
        given().get("/v1/plans").then().statusCode(200)
                .body("'power-off'.powerOff", equalTo(List.of("empty-1")))
                .body("capping.mode", equalTo("off"));
    }

    @Test
    void aPendingPodRefusedForMemoryIsPlannedOntoAPoweredOffNode() {
        given().get("/v1/plans/power-on").then().statusCode(200)
                .body("powerOn", equalTo(List.of("off-1")))
                .body("actions[0].reason", containsString("shop/batch-1"));
    }

    @Test
    void nodesNoPowerDriverCanSwitchAreLeftOutWithTheReason() {
        String unconfigured = "no power driver configured (power-manager.power.groups.bare.driver=none): set "
                + "power-manager.power.groups.bare.driver (docs/power-manager.md, \"Power drivers\") (group bare)";
        given().get("/v1/plans/power-off").then().statusCode(200)
                .body("skipped.find { it.node == 'empty-3' }.reason", equalTo("runs no workload, but cannot be powered off: " + unconfigured));
        given().get("/v1/plans/power-on").then().statusCode(200)
                .body("powerOn", equalTo(List.of("off-1")))
                .body("skipped.find { it.node == 'off-0' }.reason", equalTo("powered off, but cannot be powered on: " + unconfigured));
    }

    @Test
    void plansAreWrittenToFilesAsTheSeedDid() throws IOException {
        String powerOff = Files.readString(PLANS.resolve("power-off.json"));
        assertThat(powerOff).startsWith("{\n  \"powerOff\" : [ \"empty-1\" ]");
        assertThat(PLANS.resolve("capping.json")).doesNotExist();
        assertThat(Files.readString(PLANS.resolve("power-on.json"))).contains("\"powerOn\" : [ \"off-1\" ]");
    }

    @Test
    void dryRunChangesNothing() {
        for (Node node : server.getClient().nodes().list().getItems()) {
            assertThat(node.getSpec().getUnschedulable()).as(node.getMetadata().getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations())
                    .doesNotContainKeys("energy.escheduler.io/cordoned-by", "energy.escheduler.io/powered-on-at");
        }
        assertThat(server.getClient().nodes().withName("off-1").get().getMetadata().getAnnotations())
                .containsEntry("energy.escheduler.io/powered-off", "true");
        assertThat(server.getClient().pods().inAnyNamespace().list().getItems()).hasSize(7);
        assertThat(SPOOL).as("the power driver was never called").doesNotExist();
        assertThat(AuditRows.all()).as("actions recorded by this run (the analyzer's carried-over rows aside)").isEmpty();
        assertThat(server.getClient().v1().events().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(server.getClient().leases().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(registry.get("power.manager.policy.planned.actions").tags("policy", "power-off", "kind", "power-off", "mode", "dry-run")
                .gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("power.manager.policy.leader").gauge().value()).isZero();
    }

    @Test
    void unknownAndOffPoliciesAreExplained() {
        given().get("/v1/plans/turbo").then().statusCode(404)
                .body("error", equalTo("no policy 'turbo'")).body("detail.policies", hasItem("capping-migration"));
        given().get("/v1/plans/capping").then().statusCode(404)
                .body("error", containsString("policy capping is off"))
                .body("detail.enable", containsString("power-manager.capping.mode"));
    }
}
