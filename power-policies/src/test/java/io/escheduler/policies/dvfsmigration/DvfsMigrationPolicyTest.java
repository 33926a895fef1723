package io.escheduler.policies.dvfsmigration;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class DvfsMigrationPolicyTest {

    /**
     * hot: 4 pods of 1000m and a DaemonSet pod without request (weighs 100m), 95% busy → each 1000m pod
     * ≈ 3800m × 1000/4100 = 926.8m = 23.2%. Shedding one leaves 71.8% < 80%.
     * cool (10%) and warm (50%) run pods; idle-a and idle-b run none (idle-a is the reserve).
     */
    private static Cluster cluster() {
        Cluster c = new Cluster().add(node("hot")).add(node("cool")).add(node("warm")).add(node("idle-a")).add(node("idle-b"))
                .metrics("hot", 0.95, 180, 200).metrics("cool", 0.10, 80, 200).metrics("warm", 0.50, 120, 200)
                .metrics("idle-a", 0.01, 40, 200).metrics("idle-b", 0.02, 40, 200)
                .add(pod("ds").on("hot").owner(OwnerKind.DAEMON_SET).cpu(0))
                .add(pod("c1").on("cool").cpu(100)).add(pod("w1").on("warm").cpu(100));
        for (int i = 1; i <= 4; i++) {
            c.add(pod("h" + i).on("hot").cpu(1000).memory(Cluster.MI));
        }
        return c;
    }

    @Test
    void aHotNodeShedsToTheLeastUtilisedUntilProjectedBelowTheThresholdKeepingTheReserveIdle() {
        Plan plan = new DvfsMigrationPolicy(DvfsMigrationConfig.DEFAULTS).plan(cluster().snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.pods()).extracting(Action::pod, Action::target).containsExactly(tuple("h1", "idle-b"));
        assertThat(plan.actions()).extracting(a -> a.kind().wireName()).containsExactly("cordon", "evict", "uncordon");
        assertThat(plan.actions().get(0).reason()).isEqualTo("CPU utilisation 95% above 80%; projected at 71.8% after the moves");
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(tuple("idle-a", "kept idle as reserve"));
    }

    @Test
    void withoutAReserveTheIdleNodesTakePodsToo() {
        Plan plan = new DvfsMigrationPolicy(new DvfsMigrationConfig(80, 0)).plan(cluster().snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.pods()).extracting(Action::target).containsExactly("idle-a");
    }

    @Test
    void aHotterThresholdMovesMorePodsAndSpreadsThem() {
        Plan plan = new DvfsMigrationPolicy(new DvfsMigrationConfig(30, 0)).plan(cluster().snapshot(), PolicyState.EMPTY, NOW);
        // each move adds 23.2% to the target: idle-a takes one, idle-b one, cool none (10% + 23.2% > 30%)
        assertThat(plan.pods()).extracting(Action::pod, Action::target).containsExactly(tuple("h1", "idle-a"), tuple("h2", "idle-b"));
        assertThat(plan.actions().get(0).reason()).isEqualTo("CPU utilisation 95% above 30%; still projected at 48.7%: no more pods can move"
                + " (pod default/h4 fits on no node that would stay below 30%)");
    }

    @Test
    void nothingMovableIsReported() {
        Cluster c = new Cluster().add(node("hot")).add(node("cool")).metrics("hot", 0.95, 180, 200).metrics("cool", 0.1, 50, 200)
                .add(pod("pinned").on("hot").doNotEvict()).add(pod("x").on("cool"));
        Plan plan = new DvfsMigrationPolicy(DvfsMigrationConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(
                "CPU utilisation 95% above 80%, but no pod can move: pod default/pinned is annotated energy.escheduler.io/do-not-evict");
    }

    @Test
    void aJobsPodIsNotMovedToSpreadLoad() {
        Cluster c = new Cluster().add(node("hot")).add(node("cool")).metrics("hot", 0.95, 180, 200).metrics("cool", 0.1, 50, 200)
                .add(pod("run").on("hot").owner(OwnerKind.JOB)).add(pod("x").on("cool"));
        Plan plan = new DvfsMigrationPolicy(new DvfsMigrationConfig(80, 0)).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly("CPU utilisation 95% above 80%, but no pod can move: pod default/run"
                + " belongs to a Job: evicted, it starts its work again, so it is not moved to spread load");
    }
}
