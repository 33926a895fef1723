package io.escheduler.powermanager.execute;

import io.escheduler.policies.PolicyState;
import io.escheduler.policies.execute.AuditEntry;
import io.escheduler.policies.execute.ExecutorMemory;
import io.escheduler.policies.execute.Outcome;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor's memory as the audit trail ({@code policy_action}, whoever wrote it) holds it, for a replica that
 * starts or becomes leader: the rows, read in {@code id} order, folded by power-policies' {@link ExecutorMemory} with
 * the rules the executor keeps as it acts. Rows naming a policy or an action kind this version does not know are
 * passed over.
 */
@ApplicationScoped
public class AuditMemory {

    /** {@code state} with its executor's memory replaced by the audit trail's rows since {@code since}; budget from {@code budgetSince}. */
    public PolicyState restore(PolicyState state, Instant since, Instant budgetSince) {
        List<PolicyActionEntry> rows = QuarkusTransaction.requiringNew().call(() ->
                PolicyActionEntry.<PolicyActionEntry>find("at >= ?1 order by id", since).list());
        return fold(state, rows, budgetSince);
    }

    /** {@link #restore} on rows already read, in {@code id} order. */
    static PolicyState fold(PolicyState state, List<PolicyActionEntry> rows, Instant budgetSince) {
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        for (PolicyActionEntry row : rows) {
            PolicyName policy = PolicyName.ofWireName(row.policy).orElse(null);
            ActionKind kind = ActionKind.ofWireName(row.kind).orElse(null);
            Outcome outcome = Outcome.ofWireName(row.outcome).orElse(null);
            if (policy == null || kind == null || outcome == null) {
                continue;
            }
            entries.add(new AuditEntry(row.at, policy, row.plannedAt, new Action(kind, row.node, row.namespace, row.pod, row.target,
                    row.value, row.reason), outcome, row.detail, row.actor));
        }
        return ExecutorMemory.restore(state, entries, budgetSince);
    }
}
