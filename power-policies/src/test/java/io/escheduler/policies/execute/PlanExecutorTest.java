package io.escheduler.policies.execute;

import io.escheduler.policies.FailedAction;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.UnderWay;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.rails.SafetyRails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.escheduler.policies.execute.InMemoryCluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's decisions against {@link InMemoryCluster}: the order of a node's steps, what a step that did not
 * succeed undoes, the drain that waits without blocking (simulated time only), deferred uncordons, the boot
 * follow-up, failure series and marks, and the leadership checks between steps. Default settings: drain timeout 5
 * min, uncordon after 10 min, boot timeout 10 min, 3 failures in a row mark a node.
 */
class PlanExecutorTest {

    private static final String MARK = "energy.escheduler.io/power-failed";

    private final InMemoryCluster cluster = new InMemoryCluster();
    private final PlanExecutor executor = new PlanExecutor(PolicySettings.DEFAULTS, cluster, cluster, cluster, cluster, cluster, cluster.clock);

    private static Plan consolidation(String node, String... pods) {
        List<Action> actions = new java.util.ArrayList<>();
        actions.add(Action.onNode(ActionKind.CORDON, node, "fewest pods"));
        for (String pod : pods) {
            String[] key = pod.split("/");
            actions.add(Action.evict(node, key[0], key[1], "n9", "emptying " + node));
        }
        actions.add(Action.onNode(ActionKind.POWER_OFF, node, "fewest pods"));
        return new Plan(PolicyName.CONSOLIDATION, T0, actions, List.of());
    }

    private static Plan powerOff(String node) {
        return new Plan(PolicyName.POWER_OFF, T0, List.of(Action.onNode(ActionKind.CORDON, node, "idle"),
                Action.onNode(ActionKind.POWER_OFF, node, "idle")), List.of());
    }

    @Test
    void aPowerOffWaitsForTheDrainWithoutBlockingAndGoesOnOnceTheNodeIsEmpty() {
        cluster.add("n1", "shop/web-1");
        Execution started = executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done");
        assertThat(cluster.calls).containsExactly("cordon n1 by consolidation", "evict shop/web-1");
        assertThat(started.done().actions()).extracting(Action::kind).containsExactly(ActionKind.CORDON, ActionKind.EVICT);
        assertThat(started.changed()).containsExactly("n1");
        assertThat(executor.draining()).isTrue();
        assertThat(executor.underWay()).containsExactly(Map.entry("n1",
                new UnderWay(PolicyName.CONSOLIDATION, ActionKind.POWER_OFF, T0, T0.plus(Duration.ofMinutes(5)))));

        cluster.clock.advance(Duration.ofSeconds(20));
        assertThat(executor.followUp(PolicyState.EMPTY)).as("web-1 is still terminating").isEmpty();
        assertThat(cluster.calls).hasSize(2);

        cluster.gone("n1", "shop/web-1");
        cluster.clock.advance(Duration.ofSeconds(1));
        List<Execution> later = executor.followUp(PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done", "consolidation power-off done");
        assertThat(cluster.calls).containsExactly("cordon n1 by consolidation", "evict shop/web-1", "power-off n1",
                "annotate n1 [energy.escheduler.io/powered-off, energy.escheduler.io/powered-off-at] -[]");
        assertThat(cluster.annotations("n1")).containsEntry(NodeSnapshot.POWERED_OFF, "true")
                .containsEntry(PlanExecutor.POWERED_OFF_AT, T0.plusSeconds(21).toString())
                .containsEntry(PlanExecutor.CORDONED_BY, "consolidation");
        assertThat(later).singleElement().satisfies(e -> {
            assertThat(e.done().policy()).isEqualTo(PolicyName.CONSOLIDATION);
            assertThat(e.done().plannedAt()).as("the plan's instant, as its first steps").isEqualTo(T0);
            assertThat(e.done().actions()).extracting(Action::kind).containsExactly(ActionKind.POWER_OFF);
            assertThat(e.changed()).as("the node's change counted once, when it started").isEmpty();
            assertThat(e.at()).isEqualTo(T0.plusSeconds(21));
        });
        assertThat(cluster.latest("n1", "power-off").plannedAt()).isEqualTo(T0);
        assertThat(cluster.latest("n1", "power-off").at()).isEqualTo(T0.plusSeconds(21));
        assertThat(executor.draining()).isFalse();
        assertThat(executor.underWay()).isEmpty();
    }

    @Test
    void aDrainThatOutlastsTheTimeoutFailsThePowerOffAndUndoesTheCordon() {
        cluster.add("n1", "shop/sticky-1");
        executor.execute(consolidation("n1", "shop/sticky-1"), PolicyState.EMPTY);
        cluster.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(executor.followUp(PolicyState.EMPTY)).isEmpty();

        cluster.clock.advance(Duration.ofSeconds(1));
        List<Execution> later = executor.followUp(PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done",
                "consolidation power-off failed", "consolidation uncordon done");
        assertThat(cluster.latest("n1", "power-off").detail())
                .isEqualTo("not powered off: pods still on the node after PT5M: [shop/sticky-1] (failure 1 of at most 3 in a row)");
        assertThat(cluster.latest("n1", "uncordon").action().reason())
                .isEqualTo("undoes this change's cordon: an earlier step on n1 did not succeed (power-off)");
        assertThat(cluster.calls).doesNotContain("power-off n1");
        assertThat(cluster.cordoned("n1", true)).isFalse();
        assertThat(later).singleElement().satisfies(e -> {
            assertThat(e.done().actions()).isEmpty();
            assertThat(e.failed()).extracting(f -> f.action().kind()).containsExactly(ActionKind.POWER_OFF);
        });
        assertThat(executor.draining()).isFalse();
    }

    @Test
    void aBudgetRefusalSkipsTheEvictionAbandonsThePowerOffAndUndoesTheCordon() {
        cluster.add("n1", "shop/api-1").evictionAnswers("shop/api-1", Eviction.REFUSED_BY_BUDGET);
        Execution execution = executor.execute(consolidation("n1", "shop/api-1"), PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict skipped",
                "consolidation power-off skipped", "consolidation uncordon done");
        assertThat(cluster.latest("n1", "evict").detail()).contains("HTTP 429");
        assertThat(cluster.latest("n1", "power-off").detail()).isEqualTo("not powered off: evictions refused for shop/api-1");
        assertThat(execution.failed()).as("a refusal is no failure of a control").isEmpty();
        assertThat(cluster.cordoned("n1", true)).isFalse();
        assertThat(executor.draining()).isFalse();
    }

    @Test
    void aPodAlreadyGoneCountsAsEvictedWithoutAsking() {
        cluster.add("n1");
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);
        assertThat(cluster.calls).containsExactly("cordon n1 by consolidation", "power-off n1",
                "annotate n1 [energy.escheduler.io/powered-off, energy.escheduler.io/powered-off-at] -[]");
        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done", "consolidation power-off done");
    }

    @Test
    void anEmptyNodeIsPoweredOffAtOnce() {
        cluster.add("n1");
        Execution execution = executor.execute(powerOff("n1"), PolicyState.EMPTY);
        assertThat(execution.done().actions()).extracting(Action::kind).containsExactly(ActionKind.CORDON, ActionKind.POWER_OFF);
        assertThat(execution.changed()).containsExactly("n1");
        assertThat(executor.draining()).isFalse();
        assertThat(cluster.annotations("n1")).containsEntry(NodeSnapshot.POWERED_OFF, "true");
    }

    @Test
    void aFailedPowerOffIsUndoneCountedAndTheThirdInARowMarksTheNode() {
        cluster.add("n1").failing("power-off n1", "BMC of n1 unreachable: connection refused");
        Execution first = executor.execute(powerOff("n1"), PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("power-off cordon done", "power-off power-off failed", "power-off uncordon done");
        assertThat(cluster.latest("n1", "power-off").detail())
                .isEqualTo("BMC of n1 unreachable: connection refused (failure 1 of at most 3 in a row)");
        assertThat(first.failed()).singleElement().extracting(FailedAction::detail).isEqualTo("BMC of n1 unreachable: connection refused");
        assertThat(cluster.annotations("n1")).doesNotContainKey(MARK);

        SafetyRails rails = new SafetyRails(PolicySettings.DEFAULTS.rails());
        PolicyState state = rails.executed(PolicyState.EMPTY, first.done(), first.failed(), first.changed(), first.at());
        Execution second = executor.execute(powerOff("n1"), state);
        state = rails.executed(state, second.done(), second.failed(), second.changed(), second.at());
        executor.execute(powerOff("n1"), state);

        assertThat(cluster.latest("n1", "power-off").detail()).isEqualTo("BMC of n1 unreachable: connection refused; failed 3 times in a row: "
                + "node annotated " + MARK + ", and no policy tries its power again until an operator removes that annotation");
        assertThat(cluster.annotations("n1").get(MARK))
                .isEqualTo(T0 + ": power-off's power-off failed 3 times in a row; last: BMC of n1 unreachable: connection refused");
    }

    @Test
    void aReplicaThatStopsLeadingBetweenStepsDoesNothingMoreAndUndoesItsCordon() {
        AtomicInteger asked = new AtomicInteger();
        cluster.add("n1", "shop/web-1").leading(() -> asked.incrementAndGet() <= 1);
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict skipped",
                "consolidation power-off skipped", "consolidation uncordon done");
        assertThat(cluster.latest("n1", "evict").detail()).isEqualTo("not attempted: this replica no longer leads (Lease lost)");
        assertThat(cluster.calls).containsExactly("cordon n1 by consolidation", "uncordon n1");
    }

    @Test
    void aReplicaThatStopsLeadingDuringTheDrainAbandonsThePowerOff() {
        boolean[] leads = {true};
        cluster.add("n1", "shop/web-1").leading(() -> leads[0]);
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);
        leads[0] = false;
        cluster.gone("n1", "shop/web-1");
        executor.followUp(PolicyState.EMPTY);

        assertThat(cluster.latest("n1", "power-off").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(cluster.latest("n1", "power-off").detail()).isEqualTo("not powered off: this replica stopped leading during the drain");
        assertThat(cluster.calls).doesNotContain("power-off n1").contains("uncordon n1");
        assertThat(executor.draining()).isFalse();
    }

    @Test
    void aServiceThatStopsAbandonsTheDrainsAndUndoesTheirCordons() {
        cluster.add("n1", "shop/web-1");
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);
        executor.abandon("the service is stopping");

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done",
                "consolidation power-off skipped", "consolidation uncordon done");
        assertThat(cluster.latest("n1", "power-off").detail()).isEqualTo("not attempted: the service is stopping");
        assertThat(cluster.cordoned("n1", true)).isFalse();
        assertThat(executor.draining()).isFalse();
    }

    @Test
    void aCordonThisChangeDidNotMakeIsNeverUndone() {
        cluster.add("n1").cordoned("n1").failing("power-off n1", "driver none");
        executor.execute(powerOff("n1"), PolicyState.EMPTY);
        assertThat(cluster.audit("n1")).containsExactly("power-off cordon done", "power-off power-off failed");
        assertThat(cluster.calls).containsExactly("power-off n1");
        assertThat(cluster.cordoned("n1", false)).as("a person's cordon stays").isTrue();
    }

    @Test
    void noSecondChangeStartsOnANodeWhoseChangeIsUnderWay() {
        cluster.add("n1", "shop/web-1");
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);
        executor.execute(powerOff("n1"), PolicyState.EMPTY);

        assertThat(cluster.audit("n1")).containsExactly("consolidation cordon done", "consolidation evict done", "power-off cordon skipped",
                "power-off power-off skipped");
        assertThat(cluster.latest("n1", "cordon").detail()).startsWith("not attempted: a change is under way on n1: consolidation's "
                + "power-off waits for the node's pods to go (since " + T0);
        assertThat(cluster.calls).hasSize(2);
        assertThat(cluster.cordoned("n1", true)).as("the consolidation's cordon holds").isTrue();
    }

    @Test
    void aMigrationSourceIsUncordonedOnceItsEvictedPodsAreGoneOrAfterTheDelay() {
        cluster.add("n1", "shop/web-1").add("n2", "shop/batch-2");
        for (String node : List.of("n1", "n2")) {
            String pod = node.equals("n1") ? "web-1" : "batch-2";
            executor.execute(new Plan(PolicyName.DVFS_MIGRATION, T0, List.of(Action.onNode(ActionKind.CORDON, node, "hot"),
                    Action.evict(node, "shop", pod, "n9", "shedding"), Action.onNode(ActionKind.UNCORDON, node, "shed")), List.of()),
                    PolicyState.EMPTY);
        }
        assertThat(cluster.audit("n1")).containsExactly("dvfs-migration cordon done", "dvfs-migration evict done");

        cluster.gone("n1", "shop/web-1");
        cluster.clock.advance(Duration.ofSeconds(5));
        executor.followUp(PolicyState.EMPTY);
        assertThat(cluster.audit("n1")).endsWith("dvfs-migration uncordon done");
        assertThat(cluster.latest("n1", "uncordon").detail()).isEqualTo("its evicted pods are gone");
        assertThat(cluster.cordoned("n1", true)).isFalse();
        assertThat(cluster.audit("n2")).doesNotContain("dvfs-migration uncordon done");

        cluster.clock.advance(Duration.ofMinutes(10));
        executor.followUp(PolicyState.EMPTY);
        assertThat(cluster.latest("n2", "uncordon").detail()).isEqualTo("after PT10M, with [shop/batch-2] still there");
        assertThat(cluster.cordoned("n2", true)).isFalse();
    }

    @Test
    void aNodePoweredOnIsFollowedUntilReadyOrMarkedWhenItDoesNotBoot() {
        cluster.add("n1").add("n2");
        for (String node : List.of("n1", "n2")) {
            cluster.ready(node, false).annotated(node, NodeSnapshot.POWERED_OFF, "true").annotated(node, PlanExecutor.POWERED_OFF_AT, "x")
                    .annotated(node, PlanExecutor.CORDONED_BY, "power-off").cordoned(node);
            executor.execute(new Plan(PolicyName.POWER_ON, T0, List.of(Action.onNode(ActionKind.POWER_ON, node, "pending pods")), List.of()),
                    PolicyState.EMPTY);
        }
        assertThat(cluster.annotations("n1")).containsEntry(PlanExecutor.POWERED_ON_AT, T0.toString())
                .doesNotContainKeys(NodeSnapshot.POWERED_OFF, PlanExecutor.POWERED_OFF_AT, PlanExecutor.CORDONED_BY);
        assertThat(cluster.cordoned("n1", false)).as("its own cordon undone").isFalse();

        cluster.ready("n1", true);
        cluster.clock.advance(Duration.ofMinutes(2));
        executor.followUp(PolicyState.EMPTY);
        assertThat(cluster.annotations("n1")).doesNotContainKey(PlanExecutor.POWERED_ON_AT);
        assertThat(cluster.annotations("n2")).containsKey(PlanExecutor.POWERED_ON_AT).doesNotContainKey(NodeSnapshot.POWER_ON_FAILED);

        cluster.clock.advance(Duration.ofMinutes(8));
        executor.followUp(PolicyState.EMPTY);
        assertThat(cluster.annotations("n2")).containsEntry(NodeSnapshot.POWER_ON_FAILED, T0.plus(Duration.ofMinutes(10)).toString())
                .doesNotContainKey(PlanExecutor.POWERED_ON_AT);
        assertThat(cluster.audit("n2")).containsExactly("power-on power-on done", "power-on power-on failed");
        assertThat(cluster.latest("n2", "power-on").action().reason()).isEqualTo("powered on at " + T0 + ", not Ready within PT10M");
        assertThat(cluster.audit("n1")).containsExactly("power-on power-on done");
    }

    @Test
    void aNewLeaderUndoesOnlyTheCordonsOfChangesItDidNotStartOnNodesThatAreOn() {
        cluster.add("orphan").cordoned("orphan").annotated("orphan", PlanExecutor.CORDONED_BY, "consolidation")
                .add("off").cordoned("off").annotated("off", PlanExecutor.CORDONED_BY, "power-off").annotated("off", NodeSnapshot.POWERED_OFF, "true")
                .ready("off", false)
                .add("manual").cordoned("manual")
                .add("draining", "shop/web-1");
        executor.execute(consolidation("draining", "shop/web-1"), PolicyState.EMPTY);
        executor.releaseOrphanedCordons();

        assertThat(cluster.audit("orphan")).containsExactly("consolidation uncordon done");
        assertThat(cluster.latest("orphan", "uncordon").action().reason()).isEqualTo("cordoned by consolidation in a change this leader did not start");
        assertThat(cluster.cordoned("orphan", true)).isFalse();
        assertThat(cluster.cordoned("off", true)).as("a node powered off stays cordoned").isTrue();
        assertThat(cluster.cordoned("manual", false)).as("a person's cordon stays").isTrue();
        assertThat(cluster.cordoned("draining", true)).as("its change is under way").isTrue();
    }

    @Test
    void actuatorChangesGoThroughTheActuatorsAndTheirFailuresCount() {
        cluster.add("n1").add("n2").failing("set-power-limit n2", "node-actuator at http://10.0.0.2:9864 refused PUT /v1/power-limit: HTTP 422");
        Execution execution = executor.execute(new Plan(PolicyName.CAPPING, T0, List.of(
                Action.setting(ActionKind.SET_POWER_LIMIT, "n1", "160", "hot"), Action.setting(ActionKind.SET_POWER_LIMIT, "n2", "160", "hot")),
                List.of()), PolicyState.EMPTY);
        executor.execute(new Plan(PolicyName.DVFS, T0, List.of(Action.setting(ActionKind.SET_CPUFREQ, "n1", "min", "idle"),
                Action.setting(ActionKind.RESTORE_CPUFREQ, "n2", "max", "busy")), List.of()), PolicyState.EMPTY);

        assertThat(cluster.calls).containsExactly("set-power-limit n1 160", "set-power-limit n2 160", "set-cpufreq n1 min", "restore-cpufreq n2");
        assertThat(execution.done().actions()).extracting(Action::node).containsExactly("n1");
        assertThat(execution.failed()).extracting(f -> f.action().node()).containsExactly("n2");
        assertThat(execution.changed()).containsExactly("n1");
        assertThat(cluster.latest("n2", "set-power-limit").detail()).endsWith("HTTP 422 (failure 1 of at most 3 in a row)");
    }

    @Test
    void everyRecordedInstantIsTheClocks() {
        cluster.add("n1", "shop/web-1");
        cluster.clock.advance(Duration.ofDays(3));
        executor.execute(consolidation("n1", "shop/web-1"), PolicyState.EMPTY);
        assertThat(cluster.audit).extracting(AuditEntry::at).containsOnly(T0.plus(Duration.ofDays(3)));
        assertThat(cluster.audit).extracting(AuditEntry::actor).containsOnly("replica-under-test");
        assertThat(executor.underWay().get("n1").until()).isEqualTo(T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)));
    }
}
