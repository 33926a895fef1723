package io.escheduler.policies;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * <li>the failures in a row per node and failure-tracked control since its last success (the failure backoff, and
 *     the mark after too many);</li>
 * <li>the instants of recently executed node changes (the rails' action budget);</li>
 * <li>the node changes the executor has started and not finished ({@link #underWay}: a power-off waiting for its
 *     drain), as the executor reports them before each planning.</li>
 * </ul>
 * Kept in memory; the last three are also what the audit trail holds, and a replica that starts or becomes leader
 * takes them from there ({@link #restored}), so that neither a restart nor a new leader forgets a cooldown. The
 * grace periods start again.
 */
public final class PolicyState {

    public static final PolicyState EMPTY = new PolicyState(Map.of(), Map.of(), Map.of(), List.of(), Map.of());

    private final Map<String, Instant> emptySince;
    private final Map<String, Map<Control, ActionRecord>> lastActions;
    private final Map<String, Map<Control, FailureRecord>> failures;
    private final List<Instant> changes;
    private final Map<String, UnderWay> underWay;

    private PolicyState(Map<String, Instant> emptySince, Map<String, Map<Control, ActionRecord>> lastActions,
                        Map<String, Map<Control, FailureRecord>> failures, List<Instant> changes, Map<String, UnderWay> underWay) {
        this.emptySince = emptySince;
        this.lastActions = lastActions;
        this.failures = failures;
        this.changes = changes;
        this.underWay = underWay;
    }

    /**
     * This state with {@code snapshot} observed at {@code now}: a running node without workload pods (DaemonSet and
     * static pods do not count) keeps the instant it was first seen so, or gets {@code now}; any other node
     * forgets it.
     */
    public PolicyState observe(ClusterSnapshot snapshot, Instant now) {
        Map<String, Instant> next = new HashMap<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (node.on() && snapshot.workloadOn(node.name()).isEmpty()) {
                next.put(node.name(), emptySince.getOrDefault(node.name(), now));
            }
        }
        return new PolicyState(Collections.unmodifiableMap(next), lastActions, failures, changes, underWay);
    }

    /** This state with {@code changes} (by node) the node changes under way, replacing those known before. */
    public PolicyState withUnderWay(Map<String, UnderWay> changes) {
        return new PolicyState(emptySince, lastActions, failures, this.changes, Map.copyOf(changes));
    }

    /** As {@link #executed(Plan, List, Instant, Instant)} with no failure. */
    public PolicyState executed(Plan plan, Instant at, Instant forgetBefore) {
        return executed(plan, List.of(), at, forgetBefore);
    }

    /** As {@link #executed(Plan, List, Collection, Instant, Instant)}, each node of {@code done} counting in the budget. */
    public PolicyState executed(Plan done, List<FailedAction> failed, Instant at, Instant forgetBefore) {
        return executed(done, failed, done.changedNodes(), at, forgetBefore);
    }

    /**
     * This state after the executor carried out {@code done} at {@code at}: each action becomes its node's last
     * action for its control (and ends that control's failures in a row), and each node of {@code changed} counts once
     * in the action budget (a power-off done after its drain belongs to a change already counted); each failed action
     * of a {@linkplain Control#failureTracked failure-tracked} control adds one to its node's failures in a row.
     * Budget entries before {@code forgetBefore} are dropped.
     */
    public PolicyState executed(Plan done, List<FailedAction> failed, Collection<String> changed, Instant at, Instant forgetBefore) {
        Map<String, Map<Control, ActionRecord>> nextActions = new HashMap<>(lastActions);
        Map<String, Map<Control, FailureRecord>> nextFailures = new HashMap<>(failures);
        for (Action action : done.actions()) {
            Map<Control, ActionRecord> byControl = new EnumMap<>(Control.class);
            byControl.putAll(nextActions.getOrDefault(action.node(), Map.of()));
            byControl.put(action.kind().control(), new ActionRecord(done.policy(), action.kind(), at));
            nextActions.put(action.node(), Collections.unmodifiableMap(byControl));
            putFailure(nextFailures, action.node(), action.kind().control(), null);
        }
        for (FailedAction failure : failed) {
            Control control = failure.action().kind().control();
            if (control.failureTracked()) {
                FailureRecord before = failures(failure.action().node(), control);
                putFailure(nextFailures, failure.action().node(), control, new FailureRecord(failure.policy(), failure.action().kind(),
                        failure.at(), failure.detail(), before == null ? 1 : before.count() + 1));
            }
        }
        List<Instant> recent = new ArrayList<>();
        for (Instant change : changes) {
            if (!change.isBefore(forgetBefore)) {
                recent.add(change);
            }
        }
        changed.forEach(node -> recent.add(at));
        return new PolicyState(emptySince, Collections.unmodifiableMap(nextActions), Collections.unmodifiableMap(nextFailures),
                List.copyOf(recent), underWay);
    }

    /**
     * This state with the executor's memory (last actions, failures in a row, recent node changes) replaced by what the
     * audit trail says; the grace periods are kept. {@code changes}: the instants of the node changes done recently.
     */
    public PolicyState restored(Map<String, Map<Control, ActionRecord>> actions, Map<String, Map<Control, FailureRecord>> failed,
                                List<Instant> changes) {
        Map<String, Map<Control, ActionRecord>> a = new HashMap<>();
        actions.forEach((node, byControl) -> a.put(node, Collections.unmodifiableMap(new EnumMap<>(byControl))));
        Map<String, Map<Control, FailureRecord>> f = new HashMap<>();
        failed.forEach((node, byControl) -> f.put(node, Collections.unmodifiableMap(new EnumMap<>(byControl))));
        return new PolicyState(emptySince, Collections.unmodifiableMap(a), Collections.unmodifiableMap(f), List.copyOf(changes), underWay);
    }

    private static void putFailure(Map<String, Map<Control, FailureRecord>> all, String node, Control control, FailureRecord record) {
        Map<Control, FailureRecord> byControl = new EnumMap<>(Control.class);
        byControl.putAll(all.getOrDefault(node, Map.of()));
        if (record == null) {
            if (byControl.remove(control) == null) {
                return;
            }
        } else {
            byControl.put(control, record);
        }
        if (byControl.isEmpty()) {
            all.remove(node);
        } else {
            all.put(node, Collections.unmodifiableMap(byControl));
        }
    }

    /** Since when {@code node} has run no workload, or null when it runs some (or is not on). */
    public Instant emptySince(String node) {
        return emptySince.get(node);
    }

    /** The last executed action on {@code node} for {@code control}, or null. */
    public ActionRecord lastAction(String node, Control control) {
        return lastActions.getOrDefault(node, Map.of()).get(control);
    }

    /** The failures in a row of {@code control} on {@code node} since its last success, or null when there are none. */
    public FailureRecord failures(String node, Control control) {
        return failures.getOrDefault(node, Map.of()).get(control);
    }

    /** The change under way on {@code node}, or null. */
    public UnderWay underWay(String node) {
        return underWay.get(node);
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
