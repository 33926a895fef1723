package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.policies.model.ClusterSnapshot;
import io.escheduler.analyzer.policies.model.NodeSnapshot;
import io.escheduler.analyzer.policies.model.PodSnapshot;
import io.escheduler.analyzer.policies.plan.Action;
import io.escheduler.analyzer.policies.plan.Control;
import io.escheduler.analyzer.policies.plan.Plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies' memory between cycles, an explicit immutable input to planning (policies stay pure):
 * <ul>
 * <li>since when each node has run no workload ({@link #observe}: the power-off grace period);</li>
 * <li>the last executed action per node and {@link Control} (cooldowns, the boot of a node powered on, the
 *     settle time of capping-migration);</li>
 * <li>the instants of recently executed node changes (the rails' action budget).</li>
 * </ul>
 * Kept in memory by the leader; after a restart or a change of leader it starts empty, which only makes the
 * policies wait longer (a grace period starts again, no cooldown is in force — the node annotations'
 * {@code changed-at} bounds how often a node's actuator is asked anyway).
 */
public final class PolicyState {

    public static final PolicyState EMPTY = new PolicyState(Map.of(), Map.of(), List.of());

    private final Map<String, Instant> emptySince;
    private final Map<String, Map<Control, ActionRecord>> lastActions;
    private final List<Instant> changes;

    private PolicyState(Map<String, Instant> emptySince, Map<String, Map<Control, ActionRecord>> lastActions, List<Instant> changes) {
        this.emptySince = emptySince;
        this.lastActions = lastActions;
        this.changes = changes;
    }

    /**
     * This state with {@code snapshot} observed at {@code now}: a running node without workload pods (DaemonSet and
     * static pods do not count) keeps the instant it was first seen so, or gets {@code now}; any other node
     * forgets it.
     */
    public PolicyState observe(ClusterSnapshot snapshot, Instant now) {
        Map<String, Instant> next = new HashMap<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (node.on() && snapshot.podsOn(node.name()).stream().noneMatch(PodSnapshot::workload)) {
                next.put(node.name(), emptySince.getOrDefault(node.name(), now));
            }
        }
        return new PolicyState(Collections.unmodifiableMap(next), lastActions, changes);
    }

    /**
     * This state after the executor carried out {@code plan} at {@code at}: each action becomes its node's last
     * action for its control, and each changed node counts once in the action budget. Budget entries before
     * {@code forgetBefore} are dropped.
     */
    public PolicyState executed(Plan plan, Instant at, Instant forgetBefore) {
        Map<String, Map<Control, ActionRecord>> next = new HashMap<>(lastActions);
        for (Action action : plan.actions()) {
            Map<Control, ActionRecord> byControl = new EnumMap<>(Control.class);
            byControl.putAll(next.getOrDefault(action.node(), Map.of()));
            byControl.put(action.kind().control(), new ActionRecord(plan.policy(), action.kind(), at));
            next.put(action.node(), Collections.unmodifiableMap(byControl));
        }
        List<Instant> recent = new ArrayList<>();
        for (Instant change : changes) {
            if (!change.isBefore(forgetBefore)) {
                recent.add(change);
            }
        }
        plan.changedNodes().forEach(node -> recent.add(at));
        return new PolicyState(emptySince, Collections.unmodifiableMap(next), List.copyOf(recent));
    }

    /** Since when {@code node} has run no workload, or null when it runs some (or is not on). */
    public Instant emptySince(String node) {
        return emptySince.get(node);
    }

    /** The last executed action on {@code node} for {@code control}, or null. */
    public ActionRecord lastAction(String node, Control control) {
        return lastActions.getOrDefault(node, Map.of()).get(control);
    }

    /** How many node changes were executed at or after {@code from}. */
    public int changesSince(Instant from) {
        int count = 0;
        for (Instant change : changes) {
            if (!change.isBefore(from)) {
                count++;
            }
        }
        return count;
    }
}
