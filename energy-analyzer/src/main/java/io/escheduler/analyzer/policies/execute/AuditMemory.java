package io.escheduler.analyzer.policies.execute;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.FailureRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.execute.Outcome;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.PolicyName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The executor's memory as the audit trail ({@code policy_action}, whoever wrote it) holds it, for a replica that
 * starts or becomes leader: without it a new leader would know no cooldown, no failure series and no spent action
 * budget, and could undo at once what the previous leader just did. Read with the same rules the executor applies as
 * it goes ({@link PolicyState#executed}):
 * <ul>
 * <li>a {@code done} action (but an uncordon, which the executor never counts) is its node's last action of its
 *     control and ends that control's failures in a row;</li>
 * <li>a {@code failed} power action or actuator change adds one to its node's failures in a row;</li>
 * <li>each node changed by a plan ({@code policy}, {@code planned_at}) at or after the budget window's start counts
 *     once in the action budget.</li>
 * </ul>
 */
@ApplicationScoped
public class AuditMemory {

    /** {@code state} with its executor's memory replaced by the audit trail's rows since {@code since}; budget from {@code budgetSince}. */
    public PolicyState restore(PolicyState state, Instant since, Instant budgetSince) {
        List<PolicyActionEntry> rows = QuarkusTransaction.requiringNew().call(() ->
                PolicyActionEntry.<PolicyActionEntry>find("at >= ?1 order by id", since).list());
        return fold(state, rows, budgetSince);
    }

    /** {@link #restore} on rows already read, in {@code id} order. Rows naming an unknown policy or kind are passed over. */
    static PolicyState fold(PolicyState state, List<PolicyActionEntry> rows, Instant budgetSince) {
        Map<String, Map<Control, ActionRecord>> actions = new HashMap<>();
        Map<String, Map<Control, FailureRecord>> failures = new HashMap<>();
        Map<String, Instant> changes = new HashMap<>();
        for (PolicyActionEntry row : rows) {
            PolicyName policy = PolicyName.ofWireName(row.policy).orElse(null);
            ActionKind kind = ActionKind.ofWireName(row.kind).orElse(null);
            if (policy == null || kind == null) {
                continue;
            }
            Control control = kind.control();
            if (Outcome.DONE.wireName().equals(row.outcome) && kind != ActionKind.UNCORDON) {
                actions.computeIfAbsent(row.node, n -> new EnumMap<>(Control.class)).put(control, new ActionRecord(policy, kind, row.at));
                Map<Control, FailureRecord> nodeFailures = failures.get(row.node);
                if (nodeFailures != null) {
                    nodeFailures.remove(control);
                }
                if (!row.at.isBefore(budgetSince)) {
                    changes.merge(policy.wireName() + " " + row.plannedAt + " " + row.node, row.at, (a, b) -> a.isAfter(b) ? a : b);
                }
            } else if (Outcome.FAILED.wireName().equals(row.outcome) && control.failureTracked()) {
                Map<Control, FailureRecord> nodeFailures = failures.computeIfAbsent(row.node, n -> new EnumMap<>(Control.class));
                FailureRecord before = nodeFailures.get(control);
                nodeFailures.put(control, new FailureRecord(policy, kind, row.at, row.detail, before == null ? 1 : before.count() + 1));
            }
        }
        failures.values().removeIf(Map::isEmpty);
        return state.restored(actions, failures, new ArrayList<>(changes.values()));
    }
}
