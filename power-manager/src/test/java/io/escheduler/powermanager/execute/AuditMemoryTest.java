package io.escheduler.powermanager.execute;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.PolicyName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code policy_action} rows read back as the executor's memory: each row becomes the audit entry it was written from
 * (power-policies' ExecutorMemoryTest holds the folding rules), and a row this version cannot read is passed over.
 */
class AuditMemoryTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    private final List<PolicyActionEntry> rows = new ArrayList<>();

    private void row(int second, String policy, String kind, String node, String outcome) {
        PolicyActionEntry e = new PolicyActionEntry();
        e.id = (long) rows.size() + 1;
        e.at = T.plusSeconds(second);
        e.plannedAt = T.plusSeconds(second - second % 30);
        e.policy = policy;
        e.kind = kind;
        e.node = node;
        e.reason = "test";
        e.outcome = outcome;
        e.detail = outcome.equals("failed") ? "exited with 3 at " + second : null;
        e.actor = "replica-old";
        rows.add(e);
    }

    @Test
    void rowsBecomeTheMemoryAndRowsOfAnUnknownPolicyKindOrOutcomeArePassedOver() {
        row(3, "consolidation", "power-off", "n1", "done");
        row(4, "power-on", "power-on", "n2", "failed");
        row(5, "power-on", "power-on", "n2", "failed");
        row(69, "turbo", "overclock", "n7", "done");
        row(70, "power-off", "overclock", "n8", "done");
        row(71, "power-off", "power-off", "n9", "exploded");

        PolicyState state = AuditMemory.fold(PolicyState.EMPTY, rows, T);

        assertThat(state.lastAction("n1", Control.POWER)).isEqualTo(new ActionRecord(PolicyName.CONSOLIDATION, ActionKind.POWER_OFF,
                T.plusSeconds(3)));
        assertThat(state.failures("n2", Control.POWER).count()).isEqualTo(2);
        assertThat(state.failures("n2", Control.POWER).detail()).isEqualTo("exited with 3 at 5");
        for (String node : List.of("n7", "n8", "n9")) {
            assertThat(state.lastAction(node, Control.POWER)).isNull();
            assertThat(state.failures(node, Control.POWER)).isNull();
        }
        assertThat(state.changesSince(T)).isEqualTo(1);
    }
}
