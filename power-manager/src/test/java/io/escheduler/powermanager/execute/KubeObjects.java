package io.escheduler.powermanager.execute;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/** Nodes and pods as a real cluster holds them, for the policy tests against the Kubernetes test server. */
public final class KubeObjects {

    private KubeObjects() {
    }

    /** A worker with 4 CPUs, 8 GiB and room for 110 pods; Ready unless {@code ready} is false. */
    public static Node node(String name, boolean ready, Map<String, String> labels, Map<String, String> annotations) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).addToLabels(labels)
                .addToAnnotations(annotations).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110"))
                .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi"))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown")
                .withReason(ready ? "KubeletReady" : "NodeStatusUnknown").endCondition()
                .endStatus().build();
    }

    /** A running pod on {@code node} requesting {@code cpu}, controlled by a {@code ownerKind} (null: a bare pod). */
    public static Pod pod(String namespace, String name, String node, String ownerKind, String cpu) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", name.replaceAll("-[0-9]+$", ""))
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("registry.example/" + name + ":1")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("256Mi")).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (ownerKind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(name + "-owner")
                    .withUid("uid-" + name).withController(true).endOwnerReference().endMetadata();
        }
        return pod.build();
    }

    /** A pod the scheduler refused for lack of CPU. */
    public static Pod pending(String namespace, String name, String cpu, String message) {
        Pod pod = pod(namespace, name, null, "ReplicaSet", cpu);
        pod.getSpec().setNodeName(null);
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage(message).endCondition().build());
        return pod;
    }

    /** Creates the pod, then writes its status (the API server takes a pod's status through /status). */
    public static Pod create(KubernetesClient client, Pod pod) {
        PodStatus status = pod.getStatus();
        Pod created = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        created.setStatus(status);
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(created).updateStatus();
    }

    /**
     * The node-actuator DaemonSet's pod {@code name} on {@code node} in namespace {@code escheduler}, Running at
     * 127.0.0.1 (where the test's actuator listens), as {@code pods} discovery finds it; created once.
     */
    public static void actuatorPod(KubernetesClient client, String node, String name) {
        if (client.pods().inNamespace("escheduler").withName(name).get() != null) {
            return;
        }
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("escheduler")
                .addToLabels("app.kubernetes.io/name", "node-actuator")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("node-actuator").withUid("ds-uid")
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("node-actuator")
                .withImage("escheduler/node-actuator:0.1.0").endContainer().endSpec().build();
        Pod created = client.pods().inNamespace("escheduler").resource(pod).create();
        created.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1").build());
        client.pods().inNamespace("escheduler").resource(created).updateStatus();
    }

    /** Creates the Node with its status. */
    public static Node create(KubernetesClient client, Node node) {
        io.fabric8.kubernetes.api.model.NodeStatus status = node.getStatus();
        Node created = client.nodes().resource(node).create();
        created.setStatus(status);
        return client.nodes().resource(created).updateStatus();
    }
}
