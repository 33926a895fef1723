package io.escheduler.policies.cappingmigration;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class CappingMigrationPolicyTest {

    private final CappingMigrationPolicy policy = new CappingMigrationPolicy(CappingMigrationConfig.DEFAULTS);

    /** hot draws 190 of 200 W (95%) with three pods; low (30%) and mid (60%) have room. */
    private static ClusterSnapshot snapshot(double hotWatts) {
        return new Cluster().add(node("hot")).add(node("low")).add(node("mid"))
                .metrics("hot", 0.9, hotWatts, 200).metrics("low", 0.2, 60, 200).metrics("mid", 0.5, 120, 200)
                .add(pod("big").on("hot").cpu(1500)).add(pod("medium").on("hot").cpu(1000)).add(pod("small").on("hot").cpu(100))
                .snapshot();
    }

    private static PolicyState shedAt(PolicyState state, Plan plan, Instant at) {
        return state.executed(plan, at, at.minus(Duration.ofHours(1)));
    }

    @Test
    void twoPhasesShedFirstThenCapAfterTheSettleTimeIfStillAbove() {
        Plan first = policy.plan(snapshot(190), PolicyState.EMPTY, NOW);
        assertThat(first.pods()).extracting(Action::pod, Action::target).containsExactly(tuple("big", "low"), tuple("medium", "low"));
        assertThat(first.actions().get(0).reason())
                .isEqualTo("power 190 W is 95% of its 200 W maximum, above 90%: shedding 2 pods first, capped after 2m if still above");

        PolicyState afterShed = shedAt(PolicyState.EMPTY, first, NOW);
        Plan settling = policy.plan(snapshot(188), afterShed, NOW.plusSeconds(60));
        assertThat(settling.actions()).isEmpty();
        assertThat(settling.skipped()).extracting(Skip::reason).singleElement().asString()
                .endsWith("shed pods at 2026-11-25T08:00:00Z, waiting until 2026-11-25T08:02:00Z for the power to settle");

        Plan cap = policy.plan(snapshot(186), afterShed, NOW.plusSeconds(150));
        assertThat(cap.actions()).extracting(a -> a.kind().wireName(), Action::value).containsExactly(tuple("set-power-limit", "160"));
        assertThat(cap.pods()).isEmpty();

        Plan settled = policy.plan(snapshot(150), afterShed, NOW.plusSeconds(150));
        assertThat(settled.actions()).as("the shed was enough").isEmpty();
    }

    @Test
    void anOldShedNoLongerCountsTheNodeShedsAgain() {
        PolicyState longAgo = shedAt(PolicyState.EMPTY, policy.plan(snapshot(190), PolicyState.EMPTY, NOW), NOW);
        Plan plan = policy.plan(snapshot(190), longAgo, NOW.plus(Duration.ofMinutes(30)));
        assertThat(plan.pods()).hasSize(2);
    }

    @Test
    void nothingToShedMeansCappedAtOnce() {
        ClusterSnapshot s = new Cluster().add(node("hot")).add(node("low")).metrics("hot", 0.9, 190, 200).metrics("low", 0.2, 60, 200)
                .add(pod("local").on("hot").localStorage()).snapshot();
        Plan plan = policy.plan(s, PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind().wireName()).isEqualTo("set-power-limit");
            assertThat(a.reason()).endsWith("; no pod can move elsewhere, so capped at once");
        });
    }

    @Test
    void aCappedNodeBelowTheLiftThresholdIsLifted() {
        ClusterSnapshot s = new Cluster().add(node("n").capped()).metrics("n", 0.2, 100, 200).snapshot();
        assertThat(policy.plan(s, PolicyState.EMPTY, NOW).actions()).extracting(a -> a.kind().wireName()).containsExactly("lift-power-limit");
    }

    @Test
    void aShedByAnotherPolicyIsNotThisPolicysFirstPhase() {
        Plan other = new Plan(PolicyName.DVFS_MIGRATION, NOW, List.of(Action.evict("hot", "default", "x", "low", "test")), List.of());
        Plan plan = policy.plan(snapshot(190), shedAt(PolicyState.EMPTY, other, NOW), NOW.plusSeconds(150));
        assertThat(plan.pods()).hasSize(2);
    }

    @Test
    void aNodeRunningOnlyJobsPodsIsCappedAtOnceWithoutMovingThem() {
        ClusterSnapshot s = new Cluster().add(node("hot")).add(node("low")).metrics("hot", 0.9, 190, 200).metrics("low", 0.2, 60, 200)
                .add(pod("run").on("hot").cpu(1500).owner(OwnerKind.JOB)).snapshot();
        Plan plan = policy.plan(s, PolicyState.EMPTY, NOW);
        assertThat(plan.pods()).isEmpty();
        assertThat(plan.actions()).extracting(a -> a.kind().wireName()).containsExactly("set-power-limit");
        assertThat(plan.actions().get(0).reason()).endsWith("no pod can move elsewhere, so capped at once");
    }
}
