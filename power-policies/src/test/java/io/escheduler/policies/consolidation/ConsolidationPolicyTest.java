package io.escheduler.policies.consolidation;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.policies.poweroff.PowerOffConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class ConsolidationPolicyTest {

    private static Plan plan(int num, ClusterSnapshot s) {
        return plan(num, s, PolicyState.EMPTY.observe(s, NOW));
    }

    /** Packing as tightly as the pods fit (consolidation.spare-nodes=0), as the seed did. */
    private static Plan plan(int num, ClusterSnapshot s, PolicyState state) {
        return plan(new ConsolidationConfig(num, 0), s, state);
    }

    private static Plan plan(ConsolidationConfig config, ClusterSnapshot s, PolicyState state) {
        return new ConsolidationPolicy(config, new PowerOffConfig(Duration.ofMinutes(10))).plan(s, state, NOW);
    }

    @Test
    void theDefaultKeepsThreeNodesRoom() {
        assertThat(ConsolidationConfig.DEFAULTS.spareNodes()).isEqualTo(3);
    }

    @Test
    void theOtherNodesKeepSpareNodesWorthOfRoomFree() {
        // three 4000m nodes: 3700m + 3700m + 1500m free; emptying node12 leaves 4900m on the two others, node13 then 900m
        ClusterSnapshot s = seedCluster().snapshot();
        Plan one = plan(new ConsolidationConfig(2, 1), s, PolicyState.EMPTY.observe(s, NOW));
        assertThat(one.powerOff()).containsExactly("node12");
        assertThat(one.skipped()).extracting(Skip::node, Skip::reason).contains(tuple("node13", "not emptied: the other running nodes would keep"
                + " 900m cpu, 12288Mi free, less than consolidation.spare-nodes=1 times its own 4000m cpu, 16384Mi (room for the next pods,"
                + " so that power-on need not boot a node for them)"));
        assertThat(plan(new ConsolidationConfig(2, 2), s, PolicyState.EMPTY.observe(s, NOW)).actions()).isEmpty();
    }

    @Test
    void aPodPendingForLackOfResourcesStopsTheEmptying() {
        ClusterSnapshot s = seedCluster().add(pod("big").unschedulable(List.of("cpu"), List.of())).snapshot();
        Plan plan = plan(2, s);
        assertThat(plan.actions()).isEmpty();
        String room = "not emptied: pod default/big is pending for lack of resources (cpu): no node is emptied while the cluster lacks room";
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                tuple("node12", room), tuple("node13", room), tuple("node14", room));
    }

    @Test
    void aNodeAlsoKeptByABudgetSaysSoWhileTheClusterLacksRoom() {
        ClusterSnapshot s = seedCluster().budget("default", "zero", 0).add(pod("kept").on("node12").budgets("default/zero"))
                .add(pod("big").unschedulable(List.of("memory"), List.of())).snapshot();
        Plan plan = plan(1, s);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).filteredOn(k -> "node12".equals(k.node())).singleElement().satisfies(k -> assertThat(k.reason())
                .startsWith("cannot be emptied: ").contains("PodDisruptionBudget default/zero allows 0 more disruptions"));
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).contains(tuple("node13",
                "not emptied: pod default/big is pending for lack of resources (memory): no node is emptied while the cluster lacks room"));
    }

    @Test
    void aPodPendingForOtherReasonsDoesNotStopIt() {
        ClusterSnapshot s = seedCluster().add(pod("gpu").unschedulable(List.of(), List.of("node(s) didn't match Pod's node affinity/selector")))
                .snapshot();
        assertThat(plan(1, s).powerOff()).containsExactly("node12");
    }

    @Test
    void noNodeIsEmptiedWithinTheGracePeriodAfterAPowerOn() {
        ClusterSnapshot s = seedCluster().snapshot();
        Plan powerOn = new Plan(PolicyName.POWER_ON, NOW, List.of(Action.onNode(ActionKind.POWER_ON, "node14", "pending")), List.of());
        PolicyState recent = PolicyState.EMPTY.executed(powerOn, NOW.minus(Duration.ofMinutes(9)), NOW.minus(Duration.ofHours(1))).observe(s, NOW);
        Plan plan = plan(1, s, recent);
        assertThat(plan.actions()).isEmpty();
        String room = "not emptied: node14 was powered on at " + NOW.minus(Duration.ofMinutes(9)) + ": the cluster needed room; no node is"
                + " emptied before " + NOW.plus(Duration.ofMinutes(1)) + " (power-off.grace-period 10m)";
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                tuple("node12", room), tuple("node13", room), tuple("node14", room));
        PolicyState earlier = PolicyState.EMPTY.executed(powerOn, NOW.minus(Duration.ofMinutes(10)), NOW.minus(Duration.ofHours(1))).observe(s, NOW);
        assertThat(plan(1, s, earlier).powerOff()).containsExactly("node12");
    }

    /** node12 runs 1 pod, node13 2, node14 5; node14 has room for all. */
    private static Cluster seedCluster() {
        Cluster c = new Cluster().add(node("node12")).add(node("node13")).add(node("node14"))
                .add(pod("a").on("node12").cpu(300))
                .add(pod("b").on("node13").cpu(200)).add(pod("c").on("node13").cpu(100));
        for (int i = 0; i < 5; i++) {
            c.add(pod("w" + i).on("node14"));
        }
        return c;
    }

    @Test
    void seedExampleTheNodesWithTheFewestPodsMoveTheirPodsAndPowerOff() {
        Plan plan = plan(2, seedCluster().snapshot());
        assertThat(plan.powerOff()).containsExactly("node12", "node13");
        assertThat(plan.pods()).extracting(Action::pod, Action::namespace, Action::target)
                .containsExactly(tuple("a", "default", "node14"), tuple("b", "default", "node14"), tuple("c", "default", "node14"));
        assertThat(plan.actions()).extracting(a -> a.kind().wireName() + " " + a.node()).containsExactly(
                "cordon node12", "evict node12", "power-off node12", "cordon node13", "evict node13", "evict node13", "power-off node13");
    }

    @Test
    void numLimitsTheNodes() {
        assertThat(plan(1, seedCluster().snapshot()).powerOff()).containsExactly("node12");
        assertThat(plan(0, seedCluster().snapshot()).actions()).isEmpty();
    }

    @Test
    void aPodThatMustStayMakesItsNodeUnevacuableAndTheNextNodeIsTried() {
        record Case(String description, UnaryOperator<Cluster.PodBuilder> pod, String reason) {
        }
        List<Case> cases = List.of(
                new Case("do-not-evict", Cluster.PodBuilder::doNotEvict, "is annotated energy.escheduler.io/do-not-evict"),
                new Case("bare pod", p -> p.owner(OwnerKind.NONE), "has no controller"),
                new Case("local storage", Cluster.PodBuilder::localStorage, "uses local storage"),
                new Case("two budgets", p -> p.budgets("default/x", "default/y"), "is selected by 2 PodDisruptionBudgets"),
                new Case("budget exhausted", p -> p.budgets("default/zero"), "PodDisruptionBudget default/zero allows 0 more disruptions"));
        for (Case k : cases) {
            Cluster c = new Cluster().add(node("node12")).add(node("node13")).add(node("node14"))
                    .budget("default", "x", 1).budget("default", "y", 1).budget("default", "zero", 0)
                    .add(k.pod().apply(pod("stuck").on("node12")))
                    .add(pod("b").on("node13")).add(pod("c").on("node13"));
            for (int i = 0; i < 5; i++) {
                c.add(pod("w" + i).on("node14"));
            }
            Plan plan = plan(1, c.snapshot());
            assertThat(plan.powerOff()).as(k.description()).containsExactly("node13");
            assertThat(plan.skipped()).as(k.description()).filteredOn(s -> "node12".equals(s.node())).singleElement().satisfies(s ->
                    assertThat(s.reason()).startsWith("cannot be emptied: ").contains(k.reason()));
            assertThat(plan.skipped()).as(k.description()).extracting(Skip::node, Skip::reason)
                    .contains(tuple("node14", "receives pods from a node this plan empties"));
        }
    }

    @Test
    void aNodeNoDriverCanSwitchOffIsNotEmptiedAndTheNextNodeIsTried() {
        Cluster c = seedCluster();
        Cluster bare = new Cluster().add(node("node12").noPowerDriver()).add(node("node13")).add(node("node14"))
                .add(pod("a").on("node12").cpu(300)).add(pod("b").on("node13").cpu(200)).add(pod("c").on("node13").cpu(100));
        for (int i = 0; i < 5; i++) {
            bare.add(pod("w" + i).on("node14"));
        }
        assertThat(plan(1, c.snapshot()).powerOff()).as("with a driver").containsExactly("node12");
        Plan plan = plan(1, bare.snapshot());
        assertThat(plan.powerOff()).containsExactly("node13");
        assertThat(plan.actions()).noneMatch(a -> a.node().equals("node12"));
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason)
                .contains(tuple("node12", "cannot be powered off: no power driver configured"));
    }

    @Test
    void aBudgetAllowingOneDisruptionLetsOnlyOneOfItsPodsGoInAPlan() {
        // a and b are too full to take pods: every move goes to big
        Cluster c = new Cluster().add(node("a").cpu(600)).add(node("b").cpu(600)).add(node("big").cpu(32000)).budget("default", "web", 1)
                .add(pod("web-1").on("a").budgets("default/web")).add(pod("web-2").on("b").budgets("default/web"))
                .add(pod("x1").on("big")).add(pod("x2").on("big"));
        Plan plan = plan(2, c.snapshot());
        assertThat(plan.powerOff()).containsExactly("a");
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason)
                .contains(tuple("b", "cannot be emptied: PodDisruptionBudget default/web allows 0 more disruptions, 1 needed"));
    }

    @Test
    void daemonSetPodsStayAndDoNotCount() {
        Cluster c = new Cluster().add(node("a")).add(node("b"))
                .add(pod("ds-a").on("a").owner(OwnerKind.DAEMON_SET)).add(pod("ds-b").on("b").owner(OwnerKind.DAEMON_SET))
                .add(pod("web").on("a")).add(pod("api").on("b")).add(pod("db").on("b"));
        Plan plan = plan(1, c.snapshot());
        assertThat(plan.powerOff()).containsExactly("a");
        assertThat(plan.pods()).extracting(Action::pod).containsExactly("web");
    }

    @Test
    void podsMustFitTheFreeCapacityOfSchedulableRunningNodes() {
        Cluster c = new Cluster().add(node("a")).add(node("full").cpu(1000)).add(node("cordoned").cordoned())
                .add(node("off").off()).add(node("tainted").taint("dedicated", "NoSchedule"))
                .add(pod("web").on("a").cpu(2000)).add(pod("f1").on("full").cpu(900)).add(pod("f2").on("full").cpu(50));
        Plan plan = plan(1, c.snapshot());
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactlyInAnyOrder(
                tuple("a", "cannot be emptied: pod default/web (2000m cpu, 512Mi) fits on no other running node"),
                tuple("cordoned", "runs no workload pods: powering it off is power-off's decision"),
                tuple("off", "powered off"),
                tuple("tainted", "runs no workload pods: powering it off is power-off's decision"));
        assertThat(plan.powerOff()).as("a has only 50m free on full; full's pods fit on a").containsExactly("full");
        assertThat(plan.pods()).extracting(Action::target).containsExactly("a", "a");
    }

    @Test
    void aControlPlaneNodeTakesPodsOnlyWhenTheyTolerateItsTaint() {
        Cluster c = new Cluster().add(node("cp").controlPlane().taint("node-role.kubernetes.io/control-plane", "NoSchedule"))
                .add(node("a")).add(pod("web").on("a")).add(pod("cp-pod").on("cp")).add(pod("cp-pod2").on("cp"));
        assertThat(plan(1, c.snapshot()).powerOff()).isEmpty();

        Cluster tolerating = new Cluster().add(node("cp").controlPlane().taint("node-role.kubernetes.io/control-plane", "NoSchedule"))
                .add(node("a")).add(pod("web").on("a").tolerates("node-role.kubernetes.io/control-plane"))
                .add(pod("cp-pod").on("cp")).add(pod("cp-pod2").on("cp"));
        Plan plan = plan(1, tolerating.snapshot());
        assertThat(plan.powerOff()).containsExactly("a");
        assertThat(plan.pods()).extracting(Action::target).containsExactly("cp");
    }

    @Test
    void aNodeThatReceivesPodsIsNotEmptiedInTheSamePlan() {
        Cluster c = new Cluster().add(node("a")).add(node("b")).add(pod("x").on("a")).add(pod("y").on("b")).add(pod("z").on("b"));
        Plan plan = plan(2, c.snapshot());
        assertThat(plan.powerOff()).containsExactly("a");
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly("receives pods from another node this plan empties");
    }
}
