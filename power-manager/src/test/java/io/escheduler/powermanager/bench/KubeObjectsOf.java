package io.escheduler.powermanager.bench;

import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodSnapshot;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The Kubernetes objects an informer would cache for a synthetic snapshot's records: what the live cycle converts
 * ({@link io.escheduler.powermanager.kube.KubeSnapshots}) before the policies plan.
 */
final class KubeObjectsOf {

    private KubeObjectsOf() {
    }

    static Node node(NodeSnapshot n) {
        return new NodeBuilder().withNewMetadata().withName(n.name()).addToLabels(n.labels()).endMetadata()
                .withNewSpec().withUnschedulable(n.unschedulable()).endSpec()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity(n.allocatable().cpuMillis() + "m"))
                .addToAllocatable("memory", new Quantity(Long.toString(n.allocatable().memoryBytes())))
                .addToAllocatable("pods", new Quantity(Integer.toString(n.maxPods())))
                .addNewCondition().withType("Ready").withStatus(n.ready() ? "True" : "Unknown").endCondition()
                .endStatus().build();
    }

    static Pod pod(PodSnapshot p) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(p.namespace()).withName(p.name())
                .addToLabels("app", p.name().replaceAll("-[0-9]+$", "")).endMetadata()
                .withNewSpec().withNodeName(p.node()).addNewContainer().withName("main").withImage("registry.example/app:1")
                .withNewResources().addToRequests("cpu", new Quantity(p.requests().cpuMillis() + "m"))
                .addToRequests("memory", new Quantity(Long.toString(p.requests().memoryBytes()))).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase(p.node() == null ? "Pending" : "Running").endStatus();
        String kind = switch (p.owner()) {
            case DAEMON_SET -> "DaemonSet";
            case REPLICA_SET -> "ReplicaSet";
            case STATEFUL_SET -> "StatefulSet";
            case JOB -> "Job";
            default -> null;
        };
        if (kind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(p.name() + "-owner")
                    .withUid("uid-" + p.name()).withController(true).endOwnerReference().endMetadata();
        }
        if (p.owner() == OwnerKind.NODE) {
            pod.editMetadata().addToAnnotations("kubernetes.io/config.mirror", "mirror").endMetadata();
        }
        return pod.build();
    }
}
