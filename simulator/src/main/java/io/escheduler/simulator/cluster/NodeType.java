package io.escheduler.simulator.cluster;

import io.escheduler.simulator.power.PowerModel;

import java.util.List;
import java.util.Map;

/**
 * One kind of node of a simulated cluster, as the cluster file describes it (docs/simulator.md, "Cluster file").
 *
 * @param name             names the nodes: {@code <name>-<index>} from 001
 * @param count            how many nodes of this type
 * @param cpuMillis        allocatable CPU in millicores
 * @param memoryMiB        allocatable memory in MiB
 * @param maxPods          allocatable pods
 * @param power            the power model built from the SPECpower_ssj2008 curve and the other power fields
 * @param labels           Node labels (node affinity, the extender's system label)
 * @param taints           Node taints
 * @param controlPlane     how many of the nodes are control-plane nodes (labelled so; no policy touches them)
 * @param source           where the power figures come from (a SPECpower result: vendor, system, CPU, result id, date)
 */
public record NodeType(String name, int count, long cpuMillis, long memoryMiB, int maxPods, PowerModel power,
                       Map<String, String> labels, List<Taint> taints, int controlPlane, String source) {

    public NodeType {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }
}
