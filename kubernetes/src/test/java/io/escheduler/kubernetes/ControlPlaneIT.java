package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.escheduler.testing.kube.KubeApi;
import io.escheduler.testing.kube.KubeControlPlane;
import io.escheduler.testing.kube.KubeObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the control plane harness promises the end-to-end tests (test-fixtures' {@link KubeControlPlane}): Deployments'
 * pods made by the real controllers and run by the node agent, the Eviction API refusing what a PodDisruptionBudget
 * forbids (429) and admitting what it allows once the disruption controller has counted, and a node switched off
 * marked NotReady and tainted by the node lifecycle controller. kube-scheduler runs with the plain default profile.
 */
class ControlPlaneIT {

    private static final String NAMESPACE = "default";
    private static Path workDir;
    private static KubeControlPlane plane;

    @BeforeAll
    static void start() throws IOException {
        workDir = Files.createTempDirectory("control-plane-it-");
        plane = KubeControlPlane.builder(workDir).nodeGracePeriod(Duration.ofSeconds(10)).start();
        plane.nodes().add("n1", Map.of());
        plane.nodes().add("n2", Map.of());
        plane.startDefaultScheduler();
    }

    @AfterAll
    static void stop() throws IOException {
        if (plane != null) {
            plane.close();
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void evictionsHonourPodDisruptionBudgetsOnPodsTheControllersMade() {
        KubeApi api = plane.admin();
        api.apply(KubeObjects.deployment(NAMESPACE, "web", 2, null, "100m"));
        List<JsonNode> pods = await("two running pods of web", () -> {
            List<JsonNode> running = api.list("api/v1/namespaces/default/pods?labelSelector=app%3Dweb").stream()
                    .filter(pod -> "Running".equals(pod.path("status").path("phase").asText())).toList();
            return running.size() == 2 ? running : null;
        });
        for (JsonNode pod : pods) {
            assertThat(pod.path("metadata").path("ownerReferences").get(0).path("kind").asText()).isEqualTo("ReplicaSet");
            assertThat(KubeObjects.nodeOf(pod)).isIn("n1", "n2");
        }
        String victim = pods.get(0).path("metadata").path("name").asText();
        String eviction = "api/v1/namespaces/default/pods/" + victim + "/eviction";

        api.apply(KubeObjects.podDisruptionBudget(NAMESPACE, "web", "web", 2));
        awaitBudget(api, 0);
        KubeApi.Response refused = api.create(eviction, KubeObjects.eviction(NAMESPACE, victim));
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("disruption budget");

        api.apply(KubeObjects.podDisruptionBudget(NAMESPACE, "web", "web", 1));
        awaitBudget(api, 1);
        KubeApi.Response admitted = api.create(eviction, KubeObjects.eviction(NAMESPACE, victim));
        assertThat(admitted.status()).as(admitted.body()).isEqualTo(201);
        await(victim + " gone and replaced by its ReplicaSet", () -> {
            List<JsonNode> now = api.list("api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
            boolean gone = now.stream().noneMatch(pod -> pod.path("metadata").path("name").asText().equals(victim));
            return gone && now.stream().filter(pod -> "Running".equals(pod.path("status").path("phase").asText())).count() == 2 ? now : null;
        });
    }

    @Test
    void aNodeSwitchedOffBecomesNotReadyAndIsTainted() {
        plane.nodes().add("n3", Map.of());
        plane.nodes().switchOff("n3");
        JsonNode node = await("n3 marked NotReady by the node lifecycle controller", () -> {
            JsonNode n3 = plane.admin().get("api/v1/nodes/n3");
            for (JsonNode condition : n3.path("status").path("conditions")) {
                if (condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("Unknown")) {
                    return n3;
                }
            }
            return null;
        });
        assertThat(node.path("spec").path("taints").toString()).contains("node.kubernetes.io/unreachable");
        plane.nodes().switchOn("n3");
        await("n3 Ready again", () -> plane.admin().get("api/v1/nodes/n3").path("spec").path("taints").toString()
                .contains("unreachable") ? null : "untainted");
    }

    private static void awaitBudget(KubeApi api, int allowed) {
        await("the disruption controller counting " + allowed + " allowed disruption(s)", () -> {
            JsonNode budget = api.get("apis/policy/v1/namespaces/default/poddisruptionbudgets/web");
            boolean current = budget.path("status").path("observedGeneration").asLong() == budget.path("metadata").path("generation").asLong();
            return current && budget.path("status").path("disruptionsAllowed").asInt(-1) == allowed ? budget : null;
        });
    }

    private static <T> T await(String what, Supplier<T> check) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            ClusterTestbed.sleep(200);
        }
        throw new AssertionError("not reached within 90 s: " + what + "\nnode agent: " + plane.nodes().lastError() + "\n" + plane.logs());
    }
}
