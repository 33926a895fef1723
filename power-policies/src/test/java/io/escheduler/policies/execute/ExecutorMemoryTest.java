package io.escheduler.policies.execute;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.rails.SafetyRails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.escheduler.policies.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the executor recorded, read back as its memory ({@link ExecutorMemory#restore}) by the rules it keeps as it
 * acts: a replica that starts or becomes leader knows the cooldowns, failure series and spent budget of the last one.
 */
class ExecutorMemoryTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    private final List<AuditEntry> rows = new ArrayList<>();

    private void row(int second, PolicyName policy, ActionKind kind, String node, Outcome outcome) {
        rows.add(new AuditEntry(T.plusSeconds(second), policy, T.plusSeconds(second - second % 30), Action.onNode(kind, node, "test"),
                outcome, outcome == Outcome.FAILED ? "exited with 3 at " + second : null, "replica-old"));
    }

    @Test
    void lastActionsFailureSeriesAndBudgetAsTheExecutorKeepsThem() {
        row(1, PolicyName.CONSOLIDATION, ActionKind.CORDON, "n1", Outcome.DONE);
        row(2, PolicyName.CONSOLIDATION, ActionKind.EVICT, "n1", Outcome.DONE);
        row(3, PolicyName.CONSOLIDATION, ActionKind.POWER_OFF, "n1", Outcome.DONE);
        row(4, PolicyName.POWER_ON, ActionKind.POWER_ON, "n2", Outcome.FAILED);
        row(34, PolicyName.POWER_ON, ActionKind.POWER_ON, "n2", Outcome.FAILED);
        row(35, PolicyName.DVFS, ActionKind.SET_CPUFREQ, "n3", Outcome.FAILED);
        row(65, PolicyName.DVFS, ActionKind.SET_CPUFREQ, "n3", Outcome.DONE);
        row(66, PolicyName.DVFS_MIGRATION, ActionKind.UNCORDON, "n4", Outcome.DONE);
        row(67, PolicyName.DVFS_MIGRATION, ActionKind.CORDON, "n5", Outcome.FAILED);
        row(68, PolicyName.CAPPING, ActionKind.SET_POWER_LIMIT, "n6", Outcome.SKIPPED);

        PolicyState state = ExecutorMemory.restore(PolicyState.EMPTY, rows, T.plusSeconds(30));

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
        // n1's plan of 08:00:00 is before the window; n3's of 08:01:00 counts once
        assertThat(state.changesSince(T)).isEqualTo(1);
    }

    @Test
    void theGracePeriodsObservedSoFarAreKept() {
        ClusterSnapshot snapshot = new Cluster().add(node("idle")).snapshot();
        PolicyState observed = PolicyState.EMPTY.observe(snapshot, T);
        row(1, PolicyName.POWER_OFF, ActionKind.POWER_OFF, "other", Outcome.DONE);
        PolicyState restored = ExecutorMemory.restore(observed, rows, T);
        assertThat(restored.emptySince("idle")).isEqualTo(T);
        assertThat(restored.lastAction("other", Control.POWER)).isNotNull();
    }

    /**
     * The same memory both ways: kept by the policies as the executor goes, and read back from what it recorded (a
     * consolidation whose power-off came after its drain, a power-off that failed, an actuator change).
     */
    @Test
    void whatTheExecutorRecordedReadsBackAsTheMemoryItKept() {
        InMemoryCluster cluster = new InMemoryCluster().add("n1", "shop/web-1").add("n2").add("n3")
                .failing("power-off n2", "BMC of n2 unreachable");
        PlanExecutor executor = new PlanExecutor(PolicySettings.DEFAULTS, cluster, cluster, cluster, cluster, cluster, cluster.clock);
        SafetyRails rails = new SafetyRails(PolicySettings.DEFAULTS.rails());
        PolicyState kept = PolicyState.EMPTY;
        List<Execution> executions = new ArrayList<>();
        Instant planned = cluster.clock.instant();
        executions.add(executor.execute(new Plan(PolicyName.CONSOLIDATION, planned, List.of(Action.onNode(ActionKind.CORDON, "n1", "t"),
                Action.evict("n1", "shop", "web-1", "n3", "t"), Action.onNode(ActionKind.POWER_OFF, "n1", "t")), List.of()), kept));
        executions.add(executor.execute(new Plan(PolicyName.POWER_OFF, planned, List.of(Action.onNode(ActionKind.CORDON, "n2", "t"),
                Action.onNode(ActionKind.POWER_OFF, "n2", "t")), List.of()), kept));
        executions.add(executor.execute(new Plan(PolicyName.DVFS, planned, List.of(Action.setting(ActionKind.SET_CPUFREQ, "n3", "min", "t")),
                List.of()), kept));
        cluster.clock.advance(Duration.ofSeconds(40));
        cluster.gone("n1", "shop/web-1");
        executions.addAll(executor.followUp(kept));
        for (Execution e : executions) {
            kept = rails.executed(kept, e.done(), e.failed(), e.changed(), e.at());
        }

        PolicyState read = ExecutorMemory.restore(PolicyState.EMPTY, cluster.audit, planned);

        for (String node : List.of("n1", "n2", "n3")) {
            for (Control control : Control.values()) {
                assertThat(read.lastAction(node, control)).as("last %s action on %s", control, node).isEqualTo(kept.lastAction(node, control));
                // the audit row's detail adds how many failures in a row it was: the rest is the same
                assertThat(read.failures(node, control)).as("%s failures on %s", control, node)
                        .usingRecursiveComparison().ignoringFields("detail").isEqualTo(kept.failures(node, control));
            }
        }
        assertThat(read.changesSince(planned)).isEqualTo(kept.changesSince(planned)).isEqualTo(3);
        assertThat(kept.lastAction("n1", Control.POWER).at()).isEqualTo(planned.plusSeconds(40));
        assertThat(kept.failures("n2", Control.POWER).count()).isEqualTo(1);
    }
}
