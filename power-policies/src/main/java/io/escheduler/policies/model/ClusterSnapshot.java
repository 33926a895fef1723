package io.escheduler.policies.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a policy decides on, taken at one instant: immutable, independent of the Kubernetes client, so planning
 * is a pure function. Nodes come sorted by name and each node's pods by {@code namespace/name}, so plans built by
 * walking them are deterministic. Indexes (pods by node with what they hold, {@link NodePods}; pending pods) are built
 * once here and shared by every policy.
 */
public final class ClusterSnapshot {

    private static final Comparator<NodeSnapshot> BY_NAME = (a, b) -> a.name().compareTo(b.name());

    private final Instant takenAt;
    private final List<NodeSnapshot> nodes;
    private final Map<String, NodeSnapshot> nodesByName;
    private final Map<String, NodePods> podsByNode;
    private final List<PodSnapshot> unscheduled;
    private final Map<String, DisruptionBudget> budgets;
    private final Map<String, NodeMetrics> metrics;

    /**
     * @param pods    every pod: bound ones are grouped by node (finished ones left out), pending unbound ones are
     *                {@link #unscheduled()}
     * @param metrics by node name; a node without an entry has no metrics (exporter missing or not scraped)
     */
    public ClusterSnapshot(Instant takenAt, Collection<NodeSnapshot> nodes, Collection<PodSnapshot> pods,
                           Collection<DisruptionBudget> budgets, Map<String, NodeMetrics> metrics) {
        this(takenAt, nodes, groups(pods), pending(pods), budgets, metrics);
    }

    private ClusterSnapshot(Instant takenAt, Collection<NodeSnapshot> nodes, Map<String, NodePods> podsByNode,
                            List<PodSnapshot> unscheduled, Collection<DisruptionBudget> budgets, Map<String, NodeMetrics> metrics) {
        this.takenAt = takenAt;
        List<NodeSnapshot> sorted = new ArrayList<>(nodes);
        if (!sorted(sorted, BY_NAME)) {
            sorted.sort(BY_NAME);
        }
        this.nodes = Collections.unmodifiableList(sorted);
        this.nodesByName = new HashMap<>(sorted.size() * 2);
        for (NodeSnapshot node : sorted) {
            nodesByName.put(node.name(), node);
        }
        this.podsByNode = podsByNode;
        this.unscheduled = unscheduled;
        Map<String, DisruptionBudget> byKey = new HashMap<>();
        for (DisruptionBudget budget : budgets) {
            byKey.put(budget.key(), budget);
        }
        this.budgets = byKey;
        // a HashMap, not Map.copyOf: node names that differ in their last characters have neighbouring hash codes, which
        // the immutable map's linear probing turns into long probe runs (a lookup per node per policy per cycle)
        Map<String, NodeMetrics> byNode = new HashMap<>(metrics.size() * 2);
        metrics.forEach((node, m) -> byNode.put(Objects.requireNonNull(node), Objects.requireNonNull(m)));
        this.metrics = byNode;
    }

    /**
     * A snapshot whose bound pods come grouped by node, e.g. with the previous snapshot's group ({@link #group}) for
     * each node whose pods did not change: building it costs the nodes, not the pods. The same snapshot as the
     * constructor's from the same pods.
     *
     * @param podsByNode  node name → its group; a node without an entry runs no pods
     * @param unscheduled the pending pods not bound to any node
     * @throws IllegalArgumentException when a group is filed under another node than its pods', or a pod of
     *                                  {@code unscheduled} is bound or not pending
     */
    public static ClusterSnapshot ofGroups(Instant takenAt, Collection<NodeSnapshot> nodes, Map<String, NodePods> podsByNode,
                                           Collection<PodSnapshot> unscheduled, Collection<DisruptionBudget> budgets,
                                           Map<String, NodeMetrics> metrics) {
        Map<String, NodePods> groups = new HashMap<>(podsByNode.size() * 2);
        podsByNode.forEach((node, group) -> {
            if (!group.all().isEmpty()) {
                String holder = group.all().get(0).node();
                if (!holder.equals(node)) {
                    throw new IllegalArgumentException("the pods filed under node " + node + " are bound to " + holder);
                }
                groups.put(node, group);
            }
        });
        for (PodSnapshot pod : unscheduled) {
            if (pod.node() != null || pod.phase() != PodPhase.PENDING) {
                throw new IllegalArgumentException("pod " + pod.key() + " is not pending unbound (" + pod.phase() + " on " + pod.node() + ")");
            }
        }
        return new ClusterSnapshot(takenAt, nodes, groups, pending(unscheduled), budgets, metrics);
    }

    private static Map<String, NodePods> groups(Collection<PodSnapshot> pods) {
        Map<String, List<PodSnapshot>> byNode = new HashMap<>();
        for (PodSnapshot pod : pods) {
            if (pod.node() != null && !pod.phase().terminal()) {
                byNode.computeIfAbsent(pod.node(), n -> new ArrayList<>()).add(pod);
            }
        }
        Map<String, NodePods> out = new HashMap<>(byNode.size() * 2);
        byNode.forEach((node, list) -> out.put(node, NodePods.of(list)));
        return out;
    }

    private static List<PodSnapshot> pending(Collection<PodSnapshot> pods) {
        List<PodSnapshot> pending = new ArrayList<>();
        for (PodSnapshot pod : pods) {
            if (pod.node() == null && pod.phase() == PodPhase.PENDING) {
                pending.add(pod);
            }
        }
        if (!sorted(pending, NodePods.BY_KEY)) {
            pending.sort(NodePods.BY_KEY);
        }
        return Collections.unmodifiableList(pending);
    }

    private static <T> boolean sorted(List<T> list, Comparator<T> order) {
        for (int i = 1; i < list.size(); i++) {
            if (order.compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
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
        return group(node).all();
    }

    /** The workload pods of {@code node} ({@link PodSnapshot#workload}), by key. */
    public List<PodSnapshot> workloadOn(String node) {
        return group(node).workload();
    }

    /** {@code node}'s pods with what they hold, {@link NodePods#NONE} for a node without pods. */
    public NodePods group(String node) {
        return podsByNode.getOrDefault(node, NodePods.NONE);
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
