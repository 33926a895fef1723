package io.escheduler.policies.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a policy decides on, taken at one instant: immutable, independent of the Kubernetes client, so planning
 * is a pure function. Nodes come sorted by name and each node's pods by {@code namespace/name}, so plans built by
 * walking them are deterministic. Indexes (pods by node, pending pods) are built once here and shared by every
 * policy.
 */
public final class ClusterSnapshot {

    private static final Comparator<PodSnapshot> BY_KEY = Comparator.comparing(PodSnapshot::namespace).thenComparing(PodSnapshot::name);

    private final Instant takenAt;
    private final List<NodeSnapshot> nodes;
    private final Map<String, NodeSnapshot> nodesByName;
    private final Map<String, List<PodSnapshot>> podsByNode;
    private final List<PodSnapshot> unscheduled;
    private final Map<String, DisruptionBudget> budgets;
    private final Map<String, NodeMetrics> metrics;

    /**
     * @param metrics by node name; a node without an entry has no metrics (exporter missing or not scraped)
     */
    public ClusterSnapshot(Instant takenAt, Collection<NodeSnapshot> nodes, Collection<PodSnapshot> pods,
                           Collection<DisruptionBudget> budgets, Map<String, NodeMetrics> metrics) {
        this.takenAt = takenAt;
        List<NodeSnapshot> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeSnapshot::name));
        this.nodes = List.copyOf(sorted);
        this.nodesByName = new HashMap<>(sorted.size() * 2);
        for (NodeSnapshot node : sorted) {
            nodesByName.put(node.name(), node);
        }
        Map<String, List<PodSnapshot>> byNode = new HashMap<>(sorted.size() * 2);
        List<PodSnapshot> pending = new ArrayList<>();
        for (PodSnapshot pod : pods) {
            if (pod.node() == null) {
                if (pod.phase() == PodPhase.PENDING) {
                    pending.add(pod);
                }
            } else if (!pod.phase().terminal()) {
                byNode.computeIfAbsent(pod.node(), n -> new ArrayList<>()).add(pod);
            }
        }
        byNode.replaceAll((node, list) -> {
            list.sort(BY_KEY);
            return List.copyOf(list);
        });
        pending.sort(BY_KEY);
        this.podsByNode = byNode;
        this.unscheduled = List.copyOf(pending);
        Map<String, DisruptionBudget> byKey = new HashMap<>();
        for (DisruptionBudget budget : budgets) {
            byKey.put(budget.key(), budget);
        }
        this.budgets = Map.copyOf(byKey);
        this.metrics = Map.copyOf(metrics);
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** Every node, by name. */
    public List<NodeSnapshot> nodes() {
        return nodes;
    }

    /** The node called {@code name}, or null. */
    public NodeSnapshot node(String name) {
        return nodesByName.get(name);
    }

    /** The pods bound to {@code node} that have not finished (DaemonSet and static pods included), by key. */
    public List<PodSnapshot> podsOn(String node) {
        return podsByNode.getOrDefault(node, List.of());
    }

    /** Pending pods not bound to any node yet, by key. */
    public List<PodSnapshot> unscheduled() {
        return unscheduled;
    }

    /** The budget {@code namespace/name}, or null when it no longer exists. */
    public DisruptionBudget budget(String key) {
        return budgets.get(key);
    }

    /** The node's metrics, or null when Prometheus has none. */
    public NodeMetrics metrics(String node) {
        return metrics.get(node);
    }
}
