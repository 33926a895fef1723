package io.escheduler.powermanager.execute;

import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyEngine;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.escheduler.powermanager.execute.MigrationTestbed.BUSY;
import static io.escheduler.powermanager.execute.MigrationTestbed.COOL;
import static io.escheduler.powermanager.execute.MigrationTestbed.HOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The two migrations in dry-run on the same three fixture nodes as {@link MigrationEnforceTest}, metrics from a real
 * Prometheus: the plans say which pod goes where and why, in the seed's {@code pods} shape, and nothing in the cluster
 * changes.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = MigrationCluster.class)
@TestProfile(MigrationDryRunTest.DryRun.class)
@QuarkusTestResource(PostgresResource.class)
class MigrationDryRunTest {

    /** The two migrations in dry-run with the enforce test's thresholds, the others off. */
    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only("dvfs-migration", "dry-run", "capping-migration", "dry-run");
            config.putAll(Map.ofEntries(
                    Map.entry("power-manager.interval", "1h"),
                    Map.entry("power-manager.capping-migration.above-percent", "60"),
                    Map.entry("power-manager.capping-migration.limit-percent", "60"),
                    Map.entry("power-manager.capping-migration.lift-below-percent", "20"),
                    Map.entry("power-manager.capping-migration.num", "1")));
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MigrationTestbed.class));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    PolicyEngine engine;

    @BeforeEach
    void planned() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var board = engine.cycle();
            return board.unavailable() == null && !board.plans().get(PolicyName.DVFS_MIGRATION).actions().isEmpty()
                    && !board.plans().get(PolicyName.CAPPING_MIGRATION).actions().isEmpty();
        });
    }

    @Test
    void dvfsMigrationShedsTheBusyNodesPodThatFitsUnderTheThresholdOnTheCoolestNode() {
        given().get("/v1/plans/dvfs-migration").then().statusCode(200)
                .body("pods", equalTo(List.of(Map.of("podName", "batch-2", "nameSpace", "shop", "nodeName", COOL))))
                .body("actions.kind", equalTo(List.of("cordon", "evict", "uncordon")))
                .body("actions[0].node", equalTo(BUSY))
                .body("actions[0].reason", containsString("CPU utilisation 9"))
                .body("actions[1].reason", containsString("sheds about 1"))
                .body("mode", equalTo("dry-run")).body("acting", equalTo(false));
    }

    @Test
    void cappingMigrationShedsFirstFromTheNodeAboveItsPowerThreshold() {
        given().get("/v1/plans/capping-migration").then().statusCode(200)
                .body("pods", equalTo(List.of(Map.of("podName", "web-1", "nameSpace", "shop", "nodeName", COOL))))
                .body("actions.kind", equalTo(List.of("cordon", "evict", "uncordon")))
                .body("actions[0].node", equalTo(HOT))
                .body("actions[0].reason", containsString("of its 170 W maximum, above 60%: shedding 1 pod first, capped after 2m if still above"));
    }

    @Test
    void dryRunChangesNothing() {
        for (Node node : server.getClient().nodes().list().getItems()) {
            assertThat(node.getSpec().getUnschedulable()).as(node.getMetadata().getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations())
                    .doesNotContainKey("energy.escheduler.io/cordoned-by");
        }
        assertThat(server.getClient().pods().inNamespace("shop").list().getItems()).hasSize(5);
        assertThat(AuditRows.all()).as("actions recorded by this run (the analyzer's carried-over rows aside)").isEmpty();
        assertThat(server.getClient().v1().events().inAnyNamespace().list().getItems()).isEmpty();
    }
}
