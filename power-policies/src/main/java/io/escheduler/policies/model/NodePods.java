package io.escheduler.policies.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods bound to one node that have not finished (DaemonSet and static pods included), by {@code namespace/name},
 * with what every policy derives from them computed once: the workload pods among them and the requests they hold.
 * Immutable, so that a caller building a snapshot every cycle can hand the same group to the next snapshot for a node
 * whose pods did not change ({@link ClusterSnapshot#ofGroups}), and no policy walks that node's pods again to learn
 * what it holds.
 */
public final class NodePods {

    /** By {@code namespace/name}: the order every snapshot lists pods in. */
    public static final Comparator<PodSnapshot> BY_KEY = (a, b) -> {
        int c = a.namespace().compareTo(b.namespace());
        return c != 0 ? c : a.name().compareTo(b.name());
    };

    /** A node without pods. */
    public static final NodePods NONE = new NodePods(List.of(), List.of(), Resources.ZERO);

    private final List<PodSnapshot> pods;
    private final List<PodSnapshot> workload;
    private final Resources requested;
    /** {@link #workloadBudgets()}, made at its first call. */
    private volatile Map<String, Integer> workloadBudgets;

    private NodePods(List<PodSnapshot> pods, List<PodSnapshot> workload, Resources requested) {
        this.pods = pods;
        this.workload = workload;
        this.requested = requested;
    }

    /**
     * The group of {@code pods}, all bound to one node and none finished, in any order.
     *
     * @throws IllegalArgumentException when a pod is unbound, finished, or bound to another node than the first
     */
    public static NodePods of(List<PodSnapshot> pods) {
        if (pods.isEmpty()) {
            return NONE;
        }
        List<PodSnapshot> sorted = new ArrayList<>(pods);
        if (!sortedByKey(sorted)) {
            sorted.sort(BY_KEY);
        }
        String node = sorted.get(0).node();
        List<PodSnapshot> workload = new ArrayList<>(sorted.size());
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        Map<String, Long> extended = null;
        for (PodSnapshot pod : sorted) {
            if (!pod.holdsNode() || !pod.node().equals(node)) {
                throw new IllegalArgumentException("pod " + pod.key() + " does not hold node " + node + " (bound to " + pod.node()
                        + ", " + pod.phase() + ")");
            }
            if (pod.workload()) {
                workload.add(pod);
            }
            Resources r = pod.requests();
            cpu += r.cpuMillis();
            memory += r.memoryBytes();
            storage += r.ephemeralStorageBytes();
            if (!r.extended().isEmpty()) {
                extended = extended == null ? new TreeMap<>() : extended;
                for (Map.Entry<String, Long> e : r.extended().entrySet()) {
                    extended.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
        }
        List<PodSnapshot> all = Collections.unmodifiableList(sorted);
        return new NodePods(all, workload.size() == sorted.size() ? all : Collections.unmodifiableList(workload),
                new Resources(cpu, memory, storage, extended == null ? Map.of() : extended));
    }

    private static boolean sortedByKey(List<PodSnapshot> pods) {
        for (int i = 1; i < pods.size(); i++) {
            if (BY_KEY.compare(pods.get(i - 1), pods.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Every pod, by key. */
    public List<PodSnapshot> all() {
        return pods;
    }

    /** The workload pods ({@link PodSnapshot#workload}: not DaemonSet or static pods), by key. */
    public List<PodSnapshot> workload() {
        return workload;
    }

    /**
     * The PodDisruptionBudgets of the workload pods, each with how many of them it selects, in the order the pods (by
     * key) name them: the disruptions that emptying the node needs.
     */
    public Map<String, Integer> workloadBudgets() {
        Map<String, Integer> counts = workloadBudgets;
        if (counts == null) {
            counts = budgetCounts(workload);
            workloadBudgets = counts;
        }
        return counts;
    }

    /** Every budget {@code pods} name with how many of them it selects, in the order they name them first. */
    public static Map<String, Integer> budgetCounts(List<PodSnapshot> pods) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PodSnapshot pod : pods) {
            for (String key : pod.budgets()) {
                counts.merge(key, 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(counts);
    }

    /** The requests of every pod summed: what the scheduler counts as allocated on the node. */
    public Resources requested() {
        return requested;
    }
}
