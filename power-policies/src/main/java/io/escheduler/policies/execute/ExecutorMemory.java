package io.escheduler.policies.execute;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.FailureRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The executor's memory read back from what it recorded ({@link AuditEntry}, whoever wrote it), for a replica that
 * starts or becomes leader: without it a new leader would know no cooldown, no failure series and no spent action
 * budget, and could undo at once what the previous leader just did. Read with the rules the executor and
 * {@link PolicyState#executed} apply as they go:
 * <ul>
 * <li>a {@code done} action (but an uncordon, which the executor never counts) is its node's last action of its
 *     control and ends that control's failures in a row;</li>
 * <li>a {@code failed} power action or actuator change adds one to its node's failures in a row;</li>
 * <li>each node changed by a plan (policy, planning instant) at or after the budget window's start counts once in the
 *     action budget, however many of its steps were done, and whenever (a power-off after its drain keeps its plan's
 *     instant).</li>
 * </ul>
 */
public final class ExecutorMemory {

    private ExecutorMemory() {
    }

    /**
     * {@code state} with its executor's memory (last actions, failures in a row, recent node changes) replaced by what
     * {@code entries} say, in the order they were recorded; budget entries from {@code budgetSince}. The grace periods
     * observed so far are kept.
     */
    public static PolicyState restore(PolicyState state, List<AuditEntry> entries, Instant budgetSince) {
        Map<String, Map<Control, ActionRecord>> actions = new HashMap<>();
        Map<String, Map<Control, FailureRecord>> failures = new HashMap<>();
        Map<String, Instant> changes = new HashMap<>();
        for (AuditEntry entry : entries) {
            ActionKind kind = entry.action().kind();
            String node = entry.action().node();
            Control control = kind.control();
            if (entry.outcome() == Outcome.DONE && kind != ActionKind.UNCORDON) {
                actions.computeIfAbsent(node, n -> new EnumMap<>(Control.class)).put(control, new ActionRecord(entry.policy(), kind, entry.at()));
                Map<Control, FailureRecord> nodeFailures = failures.get(node);
                if (nodeFailures != null) {
                    nodeFailures.remove(control);
                }
                if (!entry.at().isBefore(budgetSince)) {
                    changes.merge(entry.policy().wireName() + " " + entry.plannedAt() + " " + node, entry.at(), (a, b) -> a.isAfter(b) ? a : b);
                }
            } else if (entry.outcome() == Outcome.FAILED && control.failureTracked()) {
                Map<Control, FailureRecord> nodeFailures = failures.computeIfAbsent(node, n -> new EnumMap<>(Control.class));
                FailureRecord before = nodeFailures.get(control);
                nodeFailures.put(control, new FailureRecord(entry.policy(), kind, entry.at(), entry.detail(), before == null ? 1 : before.count() + 1));
            }
        }
        failures.values().removeIf(Map::isEmpty);
        return state.restored(actions, failures, new ArrayList<>(changes.values()));
    }
}
