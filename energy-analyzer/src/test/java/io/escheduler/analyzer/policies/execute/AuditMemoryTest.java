package io.escheduler.analyzer.policies.execute;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.PolicyName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail's rows read back as the executor's memory ({@link AuditMemory#fold}), by the rules it keeps as it acts. */
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
    void lastActionsFailureSeriesAndBudgetAsTheExecutorKeepsThem() {
        row(1, "consolidation", "cordon", "n1", "done");
        row(2, "consolidation", "evict", "n1", "done");
        row(3, "consolidation", "power-off", "n1", "done");
        row(4, "power-on", "power-on", "n2", "failed");
        row(34, "power-on", "power-on", "n2", "failed");
        row(35, "dvfs", "set-cpufreq", "n3", "failed");
        row(65, "dvfs", "set-cpufreq", "n3", "done");
        row(66, "dvfs-migration", "uncordon", "n4", "done");
        row(67, "dvfs-migration", "cordon", "n5", "failed");
        row(68, "capping", "set-power-limit", "n6", "skipped");
        row(69, "turbo", "overclock", "n7", "done");

        PolicyState state = AuditMemory.fold(PolicyState.EMPTY, rows, T.plusSeconds(30));

        assertThat(state.lastAction("n1", Control.POWER)).isEqualTo(new ActionRecord(PolicyName.CONSOLIDATION, ActionKind.POWER_OFF,
                T.plusSeconds(3)));
        assertThat(state.lastAction("n1", Control.PLACEMENT)).isEqualTo(new ActionRecord(PolicyName.CONSOLIDATION, ActionKind.EVICT,
                T.plusSeconds(2)));
        assertThat(state.failures("n2", Control.POWER)).satisfies(f -> {
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.at()).isEqualTo(T.plusSeconds(34));
            assertThat(f.detail()).isEqualTo("exited with 3 at 34");
            assertThat(f.kind()).isEqualTo(ActionKind.POWER_ON);
        });
        assertThat(state.failures("n3", Control.CPUFREQ)).as("a success ends the series").isNull();
        assertThat(state.lastAction("n3", Control.CPUFREQ).at()).isEqualTo(T.plusSeconds(65));
        assertThat(state.lastAction("n4", Control.PLACEMENT)).as("an uncordon is no action the executor counts").isNull();
        assertThat(state.failures("n5", Control.PLACEMENT)).as("placement is not failure-tracked").isNull();
        assertThat(state.lastAction("n6", Control.POWER_LIMIT)).isNull();
        assertThat(state.lastAction("n7", Control.POWER)).isNull();
        // n1's plan of 08:00:00 is before the window; n3's of 08:01:00 counts once
        assertThat(state.changesSince(T)).isEqualTo(1);
    }

    @Test
    void theGracePeriodsObservedSoFarAreKept() {
        NodeSnapshot idle = new NodeSnapshot("idle", Map.of(), false, false, false, true, false, Resources.of(4000, 1L << 34), 110, List.of(),
                false, false, OptionalLong.empty(), OptionalDouble.empty(), Map.of());
        ClusterSnapshot snapshot = new ClusterSnapshot(T, List.of(idle), List.of(), List.of(), Map.of());
        PolicyState observed = PolicyState.EMPTY.observe(snapshot, T);
        row(1, "power-off", "power-off", "other", "done");
        PolicyState restored = AuditMemory.fold(observed, rows, T);
        assertThat(restored.emptySince("idle")).isEqualTo(T);
        assertThat(restored.lastAction("other", Control.POWER)).isNotNull();
    }
}
