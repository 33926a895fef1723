package io.escheduler.powermanager.source;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.powermanager.PostgresResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live snapshot source against the Kubernetes test server (CRUD mode, with watches): what is created, changed
 * and deleted through the API shows up in the next snapshot and in the executor's look-ups. Prometheus is a closed
 * port here, so every snapshot comes without metrics.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(InformerSnapshotSourceTest.Policies.class)
@QuarkusTestResource(PostgresResource.class)
class InformerSnapshotSourceTest {

    private static final Duration LATENCY = Duration.ofSeconds(20);
    private static final String ACTUATOR_NS = "escheduler";

    /** Every policy in its default dry-run mode; a Prometheus that refuses connections at once. */
    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "power-manager.prometheus.url", "http://127.0.0.1:1",
                    "power-manager.prometheus.timeout", "1s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    InformerSnapshotSource source;

    @Inject
    PolicyInformers informers;

    @Inject
    MeterRegistry registry;

    @Test
    void theSnapshotHoldsTheClusterAndFollowsItsChanges() {
        KubernetesClient kube = server.getClient();
        kube.nodes().resource(node("n1")).create();
        kube.nodes().resource(node("n2")).create();
        kube.nodes().resource(node("n3")).create();
        create(kube, pod("kube-system", "exporter-n1", "n1", "Running", "DaemonSet", "msr-exporter", Map.of("app", "msr-exporter")));
        create(kube, pod(ACTUATOR_NS, "actuator-n1", "n1", "Running", "DaemonSet", "node-actuator", Map.of("app", "node-actuator")));
        create(kube, pod(ACTUATOR_NS, "actuator-n2", "n2", "Running", "DaemonSet", "node-actuator", Map.of("app", "node-actuator")));
        Pod web1 = pod("shop", "web-1", "n1", "Running", "ReplicaSet", "web-5d8f", Map.of("app", "web"));
        web1.getMetadata().getManagedFields().add(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager")
                .withOperation("Update").withApiVersion("v1").withFieldsType("FieldsV1").build());
        create(kube, web1);
        Pod pending = pod("shop", "web-2", null, "Pending", "ReplicaSet", "web-5d8f", Map.of("app", "web"));
        pending.getStatus().getConditions().add(new PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient cpu.").build());
        create(kube, pending);
        createBudget(kube, "shop", "web", Map.of("app", "web"), 1);

        ClusterSnapshot snapshot = awaitSnapshot(s -> s.nodes().size() == 3 && s.podsOn("n1").size() == 3 && s.unscheduled().size() == 1
                && s.budget("shop/web") != null);

        assertThat(snapshot.nodes()).extracting(n -> n.name()).containsExactly("n1", "n2", "n3");
        assertThat(snapshot.node("n1").allocatable().cpuMillis()).isEqualTo(4000);
        assertThat(snapshot.node("n1").on()).isTrue();
        assertThat(snapshot.podsOn("n1")).extracting(PodSnapshot::key)
                .containsExactly("escheduler/actuator-n1", "kube-system/exporter-n1", "shop/web-1");
        assertThat(snapshot.podsOn("n1")).extracting(PodSnapshot::owner)
                .containsExactly(OwnerKind.DAEMON_SET, OwnerKind.DAEMON_SET, OwnerKind.REPLICA_SET);
        assertThat(snapshot.podsOn("n3")).isEmpty();
        PodSnapshot web = snapshot.podsOn("n1").get(2);
        assertThat(web.budgets()).containsExactly("shop/web");
        assertThat(web.requests().cpuMillis()).isEqualTo(500);
        assertThat(snapshot.budget("shop/web").disruptionsAllowed()).isEqualTo(1);
        assertThat(snapshot.unscheduled()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("shop/web-2");
            assertThat(p.phase()).isEqualTo(PodPhase.PENDING);
            assertThat(p.failure()).isNotNull();
            assertThat(p.failure().insufficient()).containsExactly("cpu");
            assertThat(p.budgets()).containsExactly("shop/web");
        });
        assertThat(snapshot.metrics("n1")).as("Prometheus refuses connections: no metrics, and no error").isNull();

        // the executor's look-ups
        assertThat(informers.synced()).isTrue();
        assertThat(informers.node("n2")).isNotNull();
        assertThat(informers.node("n9")).isNull();
        assertThat(informers.podsOn("n1")).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("exporter-n1", "actuator-n1", "web-1");
        assertThat(informers.podsOn("n3")).isEmpty();
        assertThat(informers.pods(ACTUATOR_NS, Map.of("app", "node-actuator"))).extracting(p -> p.getSpec().getNodeName())
                .containsExactlyInAnyOrder("n1", "n2");
        assertThat(informers.pods("shop", Map.of("app", "node-actuator"))).isEmpty();
        assertThat(informers.pods(ACTUATOR_NS, Map.of("app", "node-actuator", "tier", "x"))).isEmpty();
        assertThat(kube.pods().inNamespace("shop").withName("web-1").get().getMetadata().getManagedFields()).as("the API server has them")
                .isNotEmpty();
        assertThat(informers.podsOn("n1")).as("the cache does not").allSatisfy(p -> assertThat(p.getMetadata().getManagedFields()).isNullOrEmpty());
        assertThat(synced("nodes")).isEqualTo(1);
        assertThat(synced("pods")).isEqualTo(1);
        assertThat(synced("pod-disruption-budgets")).isEqualTo(1);

        // changes: n2 powered off by the executor, web-1 gone, the pending pod bound to n3
        Node n2 = kube.nodes().withName("n2").get();
        n2.getMetadata().getAnnotations().put("energy.escheduler.io/powered-off", "true");
        kube.nodes().resource(n2).update();
        kube.pods().inNamespace("shop").withName("web-1").delete();
        Pod bound = kube.pods().inNamespace("shop").withName("web-2").get();
        bound.getSpec().setNodeName("n3");
        kube.pods().inNamespace("shop").resource(bound).update();

        ClusterSnapshot next = awaitSnapshot(s -> s.node("n2").poweredOff() && s.podsOn("n1").size() == 2 && s.podsOn("n3").size() == 1);
        assertThat(next.node("n2").on()).isFalse();
        assertThat(next.podsOn("n1")).extracting(PodSnapshot::key).containsExactly("escheduler/actuator-n1", "kube-system/exporter-n1");
        assertThat(next.podsOn("n3")).extracting(PodSnapshot::key).containsExactly("shop/web-2");
        assertThat(informers.podsOn("n1")).hasSize(2);
        assertThat(informers.podsOn("n3")).extracting(p -> p.getMetadata().getName()).containsExactly("web-2");
    }

    private ClusterSnapshot awaitSnapshot(Predicate<ClusterSnapshot> condition) {
        return await().atMost(LATENCY).ignoreExceptionsInstanceOf(IllegalStateException.class).until(source::snapshot, condition);
    }

    private double synced(String resource) {
        return registry.get("power.manager.kubernetes.informer.synced").tag("resource", resource).gauge().value();
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewStatus().addToAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    /** A pod owned by a {@code kind} controller, on {@code node} (unbound when null), requesting 500m CPU. */
    private static Pod pod(String namespace, String name, String node, String phase, String kind, String owner, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(owner).withUid(owner + "-uid")
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox")
                .withNewResources().addToRequests("cpu", new Quantity("500m")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus()
                .build();
    }

    /** Creates the pod, then writes its status (the API server takes a pod's status through /status). */
    private static void create(KubernetesClient kube, Pod pod) {
        PodStatus status = pod.getStatus();
        Pod created = kube.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        created.setStatus(status);
        kube.pods().inNamespace(pod.getMetadata().getNamespace()).resource(created).updateStatus();
    }

    private static void createBudget(KubernetesClient kube, String namespace, String name, Map<String, String> selector, int allowed) {
        PodDisruptionBudget budget = kube.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().withMaxUnavailable(new IntOrString(1))
                .endSpec().build()).create();
        budget.setStatus(new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(2).withDesiredHealthy(1).withExpectedPods(2)
                .withDisruptionsAllowed(allowed).build());
        kube.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(budget).updateStatus();
    }
}
