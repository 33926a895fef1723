package io.escheduler.policies.fit;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodePods;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;

import java.util.HashMap;
import java.util.Map;

/**
 * Free room on the running nodes as a plan simulates moves: allocatable minus the requests of the pods that hold
 * the node (the scheduler's NodeResourcesFit view), and free pod slots. Mutable; one per plan.
 */
public final class FreeCapacity {

    private final Map<String, Resources> free = new HashMap<>();
    private final Map<String, Integer> slots = new HashMap<>();

    public FreeCapacity(ClusterSnapshot snapshot) {
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on()) {
                continue;
            }
            NodePods pods = snapshot.group(node.name());
            free.put(node.name(), node.allocatable().minus(pods.requested()));
            slots.put(node.name(), node.maxPods() - pods.all().size());
        }
    }

    /** Free resources on {@code node} (ZERO for a node that is not on). */
    public Resources free(String node) {
        return free.getOrDefault(node, Resources.ZERO);
    }

    /** Whether {@code pod} may land on {@code node}: the node accepts it and has a slot and the room. */
    public boolean fits(PodSnapshot pod, NodeSnapshot node) {
        // the room first: it rules out most nodes at the cost of a lookup
        return slots.getOrDefault(node.name(), 0) > 0 && pod.requests().fitsIn(free(node.name())) && node.accepts(pod);
    }

    /** Moves {@code pod} onto {@code target} (and off its current node when that one is on). */
    public void move(PodSnapshot pod, String target) {
        take(target, pod.requests(), 1);
        if (pod.node() != null && free.containsKey(pod.node())) {
            take(pod.node(), Resources.ZERO.minus(pod.requests()), -1);
        }
    }

    /** Undoes {@link #move}. */
    public void undo(PodSnapshot pod, String target) {
        take(target, Resources.ZERO.minus(pod.requests()), -1);
        if (pod.node() != null && free.containsKey(pod.node())) {
            take(pod.node(), pod.requests(), 1);
        }
    }

    private void take(String node, Resources amount, int podSlots) {
        free.put(node, free(node).minus(amount));
        slots.merge(node, -podSlots, Integer::sum);
    }
}
