package io.escheduler.powermanager.kube;

import io.escheduler.policies.model.PodSnapshot;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies' view of each pod ({@link KubeSnapshots#pod}), kept from one snapshot to the next while the informer
 * holds the same Pod object and the selectors of its namespace's PodDisruptionBudgets are unchanged. An informer
 * replaces a Pod's object on every change it sees, so an unchanged object is an unchanged pod: at 150 000 pods,
 * converting every pod on every cycle was about 200 ms and 200 MB of garbage, while between two cycles only the
 * pods that changed need it. A budget's status (disruptions allowed) is read from the budget itself on every
 * snapshot; only which budgets select a pod is kept.
 *
 * <p>Not thread-safe: one snapshot at a time.
 */
public final class PodConversions {

    /** Mutable so that a reused pod costs no allocation: only its generation moves. */
    private static final class Converted {
        final List<Selecting> budgets;
        final PodSnapshot snapshot;
        long generation;

        Converted(List<Selecting> budgets, PodSnapshot snapshot, long generation) {
            this.budgets = budgets;
            this.snapshot = snapshot;
            this.generation = generation;
        }
    }

    /** What decides whether a budget selects a pod. */
    private record Selecting(String name, LabelSelector selector) {
    }

    /** By the informer's Pod object itself: a pod's new object is another key, its old one is forgotten unseen. */
    private final Map<Pod, Converted> converted = new IdentityHashMap<>();
    /** Each namespace's budgets as last seen: an equal list is replaced by this one, so that pods compare it by identity. */
    private Map<String, List<Selecting>> selecting = Map.of();
    private long generation;
    private long reused;

    /** Every pod's snapshot, in order; forgets the pods that are gone. */
    List<PodSnapshot> convert(Iterable<Pod> pods, Map<String, List<PodDisruptionBudget>> budgetsByNamespace, int size) {
        generation++;
        reused = 0;
        Map<String, List<Selecting>> nowSelecting = new HashMap<>();
        budgetsByNamespace.forEach((namespace, budgets) -> {
            List<Selecting> list = new ArrayList<>(budgets.size());
            budgets.forEach(b -> list.add(new Selecting(b.getMetadata().getName(), b.getSpec() == null ? null : b.getSpec().getSelector())));
            List<Selecting> before = selecting.get(namespace);
            nowSelecting.put(namespace, list.equals(before) ? before : List.copyOf(list));
        });
        selecting = nowSelecting;
        List<PodSnapshot> snapshots = new ArrayList<>(size);
        for (Pod pod : pods) {
            String namespace = pod.getMetadata().getNamespace();
            List<Selecting> budgets = selecting.getOrDefault(namespace, List.of());
            Converted before = converted.get(pod);
            if (before != null && before.budgets == budgets) {
                before.generation = generation;
                snapshots.add(before.snapshot);
                reused++;
                continue;
            }
            PodSnapshot snapshot = KubeSnapshots.pod(pod, budgetsByNamespace.getOrDefault(namespace, List.of()));
            converted.put(pod, new Converted(budgets, snapshot, generation));
            snapshots.add(snapshot);
        }
        long current = generation;
        converted.values().removeIf(c -> c.generation != current);
        return snapshots;
    }

    /** How many pods the last {@link #convert} took from the one before. */
    public long reused() {
        return reused;
    }

    /** How many pods are remembered. */
    public int size() {
        return converted.size();
    }
}
