package io.escheduler.policies.fit;

import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;

import java.util.List;

/**
 * A pod's part of its node's measured CPU use. The exporter measures nodes, not pods, so the node's busy CPUs are
 * split among the pods there in proportion to their CPU requests, a pod without one weighing as the scheduler's
 * default of 100m ({@code DefaultMilliCPURequest}). Utilisation is busy CPUs over allocatable CPUs.
 */
public final class CpuShares {

    static final long DEFAULT_REQUEST_MILLIS = 100;

    private CpuShares() {
    }

    /** The busy millicores {@code pod} accounts for on {@code node}, whose pods are {@code pods}. */
    public static double busyMillis(PodSnapshot pod, NodeSnapshot node, NodeMetrics metrics, List<PodSnapshot> pods) {
        long total = 0;
        for (PodSnapshot p : pods) {
            total += weight(p);
        }
        return total == 0 ? 0 : metrics.utilisation() * node.allocatable().cpuMillis() * weight(pod) / total;
    }

    /** {@code busyMillis} as a fraction of {@code node}'s allocatable CPUs. */
    public static double utilisation(double busyMillis, NodeSnapshot node) {
        return node.allocatable().cpuMillis() <= 0 ? 1 : busyMillis / node.allocatable().cpuMillis();
    }

    private static long weight(PodSnapshot pod) {
        return pod.requests().cpuMillis() > 0 ? pod.requests().cpuMillis() : DEFAULT_REQUEST_MILLIS;
    }
}
