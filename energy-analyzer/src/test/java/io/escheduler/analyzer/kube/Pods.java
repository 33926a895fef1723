package io.escheduler.analyzer.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Nodes and pods as the API server shows them, for the discovery tests. */
final class Pods {

    static final String PROGRAM = "energy.escheduler.io/program";
    static final String SYSTEM = "energy.escheduler.io/system";

    private Pods() {
    }

    static Node node(String name, String system) {
        Map<String, String> labels = new HashMap<>(Map.of("kubernetes.io/hostname", name));
        if (system != null) {
            labels.put(SYSTEM, system);
        }
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    /** A pod labelled with {@code program} (none when null) on {@code node} (unscheduled when null). */
    static Pod pod(String namespace, String name, String program, String node, String phase, List<ContainerStatus> containers) {
        Map<String, String> labels = new HashMap<>(Map.of("app", name));
        if (program != null) {
            labels.put(PROGRAM, program);
        }
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox").endContainer()
                .withRestartPolicy("Never").endSpec()
                .withNewStatus().withPhase(phase).withStartTime(containers.isEmpty() ? null : "2026-11-25T07:59:50Z")
                .withContainerStatuses(containers).endStatus()
                .build();
    }

    static ContainerStatus terminated(String name, String startedAt, String finishedAt, int exitCode) {
        return new ContainerStatusBuilder().withName(name).withImage("busybox").withReady(false)
                .withNewState().withNewTerminated().withStartedAt(startedAt).withFinishedAt(finishedAt).withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState().build();
    }

    static ContainerStatus running(String name, String startedAt) {
        return new ContainerStatusBuilder().withName(name).withImage("busybox").withReady(true)
                .withNewState().withNewRunning().withStartedAt(startedAt).endRunning().endState().build();
    }

    static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder().withName(name).withImage("busybox").withReady(false)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build();
    }
}
