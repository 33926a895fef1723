package io.escheduler.policies.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy's answer for one snapshot: the actions to take, in order, and what it left alone and why. The seed's
 * JSON outputs are views of the actions ({@link #powerOn()}, {@link #powerOff()}, {@link #pods()}); rendering is
 * {@link PlanJson}'s.
 *
 * <p>Actions on one node form that node's change (a consolidation's cordon, evictions and power-off); the safety
 * rails admit or refuse a change whole ({@link #without(Map)}).
 */
public record Plan(PolicyName policy, Instant plannedAt, List<Action> actions, List<Skip> skipped) {

    public Plan {
        actions = List.copyOf(actions);
        skipped = List.copyOf(skipped);
    }

    /** The nodes to power on, by name (seed: {@code {"powerOn": [...]}}). */
    public List<String> powerOn() {
        return nodes(ActionKind.POWER_ON);
    }

    /** The nodes to power off, by name (seed: {@code {"powerOff": [...]}}). */
    public List<String> powerOff() {
        return nodes(ActionKind.POWER_OFF);
    }

    /** The evictions, in plan order (seed: {@code {"pods": [{"podName", "nameSpace", "nodeName"}]}}). */
    public List<Action> pods() {
        return actions.stream().filter(a -> a.kind() == ActionKind.EVICT).toList();
    }

    /** The nodes this plan changes, in plan order. */
    public Set<String> changedNodes() {
        Set<String> nodes = new LinkedHashSet<>();
        actions.forEach(a -> nodes.add(a.node()));
        return nodes;
    }

    /** This plan without the changes of {@code refused}'s nodes, each recorded as skipped with its reason. */
    public Plan without(Map<String, String> refused) {
        if (refused.isEmpty()) {
            return this;
        }
        List<Skip> skips = new ArrayList<>(skipped);
        refused.forEach((node, reason) -> skips.add(Skip.node(node, reason)));
        return new Plan(policy, plannedAt, actions.stream().filter(a -> !refused.containsKey(a.node())).toList(), skips);
    }

    private List<String> nodes(ActionKind kind) {
        return actions.stream().filter(a -> a.kind() == kind).map(Action::node).sorted().toList();
    }
}
