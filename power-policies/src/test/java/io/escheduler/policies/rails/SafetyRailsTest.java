package io.escheduler.policies.rails;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.FailedAction;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.UnderWay;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class SafetyRailsTest {

    private static final RailsConfig CONFIG = new RailsConfig(Duration.ofMinutes(10), 1, 10, Duration.ofMinutes(5), Duration.ofMinutes(2), 3);

    private static Plan plan(PolicyName policy, Action... actions) {
        return new Plan(policy, NOW, List.of(actions), List.of());
    }

    private static Action off(String node) {
        return Action.onNode(ActionKind.POWER_OFF, node, "test");
    }

    private static ClusterSnapshot nodes(String... names) {
        Cluster c = new Cluster();
        for (String n : names) {
            c.add(node(n));
        }
        return c.snapshot();
    }

    @Test
    void aChangeWithAnActionTheExecutorCannotDoOnTheNodeIsRefusedWhole() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = new Cluster().add(node("a").noPowerDriver()).add(node("b"))
                .add(node("c").blocked(ActionKind.SET_POWER_LIMIT, "annotated energy.escheduler.io/power-limit-failed")).snapshot();
        Plan consolidation = plan(PolicyName.CONSOLIDATION, Action.onNode(ActionKind.CORDON, "a", "test"), off("a"),
                Action.onNode(ActionKind.CORDON, "b", "test"), off("b"));
        Plan admitted = rails.apply(List.of(consolidation), s, PolicyState.EMPTY, NOW).get(0);
        assertThat(admitted.actions()).extracting(Action::node).containsExactly("b", "b");
        assertThat(admitted.skipped()).extracting(Skip::node, Skip::reason)
                .containsExactly(tuple("a", "safety rails: cannot power-off: no power driver configured"));

        Plan capping = plan(PolicyName.CAPPING, Action.setting(ActionKind.SET_POWER_LIMIT, "c", "100", "test"),
                Action.setting(ActionKind.SET_POWER_LIMIT, "b", "100", "test"));
        Plan capped = rails.apply(List.of(capping), s, PolicyState.EMPTY, NOW).get(0);
        assertThat(capped.actions()).extracting(Action::node).containsExactly("b");
        assertThat(capped.skipped()).extracting(Skip::reason)
                .containsExactly("safety rails: cannot set-power-limit: annotated energy.escheduler.io/power-limit-failed");
    }

    @Test
    void cooldownPerNodeAndControlNoFlipWithinIt() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = nodes("a", "b");
        Plan lowered = plan(PolicyName.DVFS, Action.setting(ActionKind.SET_CPUFREQ, "a", "min", "test"));
        PolicyState state = rails.executed(PolicyState.EMPTY, lowered, NOW.minus(Duration.ofMinutes(4)));

        Plan restore = plan(PolicyName.DVFS, Action.setting(ActionKind.RESTORE_CPUFREQ, "a", "max", "test"));
        Plan refused = rails.apply(List.of(restore), s, state, NOW).get(0);
        assertThat(refused.actions()).isEmpty();
        assertThat(refused.skipped()).extracting(Skip::node, Skip::reason).containsExactly(tuple("a",
                "safety rails: cooldown: dvfs did set-cpufreq at 2026-11-25T07:56:00Z, nothing more on its cpufreq before 2026-11-25T08:06:00Z"));

        Plan cap = plan(PolicyName.CAPPING, Action.setting(ActionKind.SET_POWER_LIMIT, "a", "160", "test"));
        assertThat(rails.apply(List.of(cap), s, state, NOW).get(0).actions()).as("another control").hasSize(1);
        assertThat(rails.apply(List.of(restore), s, state, NOW.plus(Duration.ofMinutes(7))).get(0).actions()).as("cooldown over").hasSize(1);
    }

    @Test
    void aFailedPowerActionOrActuatorChangeBacksOffDoublingUntilASuccess() {
        SafetyRails rails = new SafetyRails(new RailsConfig(Duration.ZERO, 0, 10, Duration.ofMinutes(5), Duration.ofMinutes(2), 3));
        ClusterSnapshot s = nodes("a", "b");
        Plan powerOff = plan(PolicyName.POWER_OFF, Action.onNode(ActionKind.CORDON, "a", "test"), off("a"));
        PolicyState once = rails.executed(PolicyState.EMPTY, plan(PolicyName.POWER_OFF, Action.onNode(ActionKind.CORDON, "a", "test")),
                List.of(failed(PolicyName.POWER_OFF, off("a"), NOW.minus(Duration.ofMinutes(1)))), NOW.minus(Duration.ofMinutes(1)));
        assertThat(once.failures("a", Control.POWER).count()).isEqualTo(1);
        assertThat(once.failures("a", Control.PLACEMENT)).as("a cordon is not failure-tracked").isNull();

        Plan refused = rails.apply(List.of(powerOff), s, once, NOW).get(0);
        assertThat(refused.actions()).isEmpty();
        assertThat(refused.skipped()).extracting(Skip::reason).containsExactly("safety rails: backoff: power-off's power-off failed 1 time, "
                + "last at 2026-11-25T07:59:00Z (exited with 3: BMC unreachable); its power is not tried again before 2026-11-25T08:01:00Z "
                + "(after 3 failures in a row the node is marked energy.escheduler.io/power-failed)");
        assertThat(rails.apply(List.of(powerOff), s, once, NOW.plus(Duration.ofMinutes(1))).get(0).actions()).as("2 min passed").hasSize(2);

        PolicyState twice = rails.executed(once, plan(PolicyName.POWER_OFF), List.of(failed(PolicyName.POWER_OFF, off("a"), NOW)), NOW);
        assertThat(twice.failures("a", Control.POWER).count()).isEqualTo(2);
        assertThat(rails.apply(List.of(powerOff), s, twice, NOW.plus(Duration.ofMinutes(3))).get(0).actions()).as("4 min now").isEmpty();
        assertThat(rails.apply(List.of(powerOff), s, twice, NOW.plus(Duration.ofMinutes(4))).get(0).actions()).hasSize(2);

        Plan cap = plan(PolicyName.CAPPING, Action.setting(ActionKind.SET_POWER_LIMIT, "a", "100", "test"));
        PolicyState actuatorDown = rails.executed(twice, plan(PolicyName.CAPPING),
                List.of(failed(PolicyName.CAPPING, Action.setting(ActionKind.SET_POWER_LIMIT, "a", "100", "test"), NOW)), NOW);
        assertThat(rails.apply(List.of(cap), s, actuatorDown, NOW.plusSeconds(60)).get(0).skipped()).extracting(Skip::reason)
                .singleElement().asString().startsWith("safety rails: backoff: capping's set-power-limit failed 1 time");

        PolicyState recovered = rails.executed(actuatorDown, plan(PolicyName.POWER_OFF, off("a")), List.of(), NOW.plus(Duration.ofMinutes(5)));
        assertThat(recovered.failures("a", Control.POWER)).as("a success ends the series").isNull();
        assertThat(recovered.failures("a", Control.POWER_LIMIT).count()).as("per control").isEqualTo(1);
    }

    @Test
    void minimumNodesOnCountsEveryPowerOffOfTheCycle() {
        SafetyRails rails = new SafetyRails(new RailsConfig(Duration.ZERO, 2, 10, Duration.ofMinutes(5), Duration.ofMinutes(2), 3));
        ClusterSnapshot s = new Cluster().add(node("a")).add(node("b")).add(node("c")).add(node("d")).add(node("gone").off()).snapshot();
        List<Plan> out = rails.apply(List.of(plan(PolicyName.POWER_OFF, off("a"), off("b")), plan(PolicyName.CONSOLIDATION, off("c"))),
                s, PolicyState.EMPTY, NOW);
        assertThat(out.get(0).powerOff()).containsExactly("a", "b");
        assertThat(out.get(1).powerOff()).isEmpty();
        assertThat(out.get(1).skipped()).extracting(Skip::reason)
                .containsExactly("safety rails: powering it off would leave 1 nodes on (minimum 2)");
    }

    @Test
    void atMostMaxChangesPerIntervalExecutedOnesIncluded() {
        SafetyRails rails = new SafetyRails(new RailsConfig(Duration.ZERO, 0, 3, Duration.ofMinutes(5), Duration.ofMinutes(2), 3));
        ClusterSnapshot s = nodes("a", "b", "c", "d", "e");
        PolicyState state = rails.executed(PolicyState.EMPTY, plan(PolicyName.POWER_OFF, off("e")), NOW.minus(Duration.ofMinutes(1)));
        Plan out = rails.apply(List.of(plan(PolicyName.POWER_OFF, off("a"), off("b"), off("c"))), s, state, NOW).get(0);
        assertThat(out.powerOff()).containsExactly("a", "b");
        assertThat(out.skipped()).extracting(Skip::node).containsExactly("c");

        Plan later = rails.apply(List.of(plan(PolicyName.POWER_OFF, off("a"), off("b"), off("c"))), s, state,
                NOW.plus(Duration.ofMinutes(5))).get(0);
        assertThat(later.powerOff()).as("the executed change left the window").containsExactly("a", "b", "c");
    }

    @Test
    void nodeAndPodRulesAreCheckedAgain() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = new Cluster().add(node("cp").controlPlane()).add(node("keep").doNotPowerOff()).add(node("a")).add(node("b"))
                .add(pod("bare").on("a").owner(OwnerKind.NONE)).snapshot();
        Plan out = rails.apply(List.of(plan(PolicyName.CONSOLIDATION, off("cp"), off("keep"),
                Action.evict("a", "default", "bare", "b", "test"), off("missing"))), s, PolicyState.EMPTY, NOW).get(0);
        assertThat(out.actions()).isEmpty();
        assertThat(out.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                tuple("cp", "safety rails: control-plane node: no policy acts on it"),
                tuple("keep", "safety rails: annotated energy.escheduler.io/do-not-power-off"),
                tuple("a", "safety rails: pod default/bare has no controller: nothing would recreate it"),
                tuple("missing", "safety rails: node missing no longer exists"));
    }

    @Test
    void oneChangePerNodePerCycleAndNoPodsSentToANodeGoingAway() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = new Cluster().add(node("a")).add(node("b")).add(node("c")).add(pod("web").on("a")).snapshot();
        Plan powerOff = plan(PolicyName.POWER_OFF, Action.onNode(ActionKind.CORDON, "b", "t"), off("b"));
        Plan consolidation = plan(PolicyName.CONSOLIDATION, Action.onNode(ActionKind.CORDON, "a", "t"),
                Action.evict("a", "default", "web", "b", "t"), off("a"));
        Plan dvfs = plan(PolicyName.DVFS, Action.setting(ActionKind.SET_CPUFREQ, "b", "min", "t"));
        List<Plan> out = rails.apply(List.of(powerOff, consolidation, dvfs), s, PolicyState.EMPTY, NOW);
        assertThat(out.get(0).powerOff()).containsExactly("b");
        assertThat(out.get(1).skipped()).extracting(Skip::reason).containsExactly("safety rails: target b is cordoned or powered off by power-off in this cycle");
        assertThat(out.get(2).skipped()).extracting(Skip::reason).containsExactly("safety rails: power-off changes this node in this cycle");
    }

    @Test
    void budgetsAreSharedByThePlansOfACycle() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = new Cluster().add(node("a")).add(node("b")).add(node("c")).budget("default", "web", 1)
                .add(pod("web-1").on("a").budgets("default/web")).add(pod("web-2").on("b").budgets("default/web")).snapshot();
        List<Plan> out = rails.apply(List.of(
                plan(PolicyName.DVFS_MIGRATION, Action.evict("a", "default", "web-1", "c", "t")),
                plan(PolicyName.CAPPING_MIGRATION, Action.evict("b", "default", "web-2", "c", "t"))), s, PolicyState.EMPTY, NOW);
        assertThat(out.get(0).pods()).hasSize(1);
        assertThat(out.get(1).skipped()).extracting(Skip::reason)
                .containsExactly("safety rails: PodDisruptionBudget default/web allows 0 more disruptions, 1 needed");
    }

    private static FailedAction failed(PolicyName policy, Action action, Instant at) {
        return new FailedAction(policy, action, at, "exited with 3: BMC unreachable");
    }

    @Test
    void aNodeWhosePowerOffWaitsForItsDrainIsNotChangedAgainAndNoLongerCountsAsOn() {
        SafetyRails rails = new SafetyRails(CONFIG);
        ClusterSnapshot s = nodes("a", "b", "c");
        PolicyState state = PolicyState.EMPTY.withUnderWay(Map.of("a", new UnderWay(PolicyName.CONSOLIDATION, ActionKind.POWER_OFF,
                NOW.minusSeconds(20), NOW.plus(Duration.ofMinutes(5)).minusSeconds(20))));

        Plan dvfs = plan(PolicyName.DVFS, Action.setting(ActionKind.SET_CPUFREQ, "a", "min", "test"));
        assertThat(rails.apply(List.of(dvfs), s, state, NOW).get(0).skipped()).extracting(Skip::node, Skip::reason)
                .containsExactly(tuple("a", "safety rails: a change is under way on this node: consolidation's power-off waits for the "
                        + "node's pods to go (since 2026-11-25T07:59:40Z, at the latest until 2026-11-25T08:04:40Z)"));

        // three nodes on, one of them going: with two more to stay on, the second power-off is refused
        SafetyRails keepTwo = new SafetyRails(new RailsConfig(Duration.ofMinutes(10), 2, 10, Duration.ofMinutes(5), Duration.ofMinutes(2), 3));
        Plan powerOff = plan(PolicyName.POWER_OFF, off("b"));
        assertThat(keepTwo.apply(List.of(powerOff), s, PolicyState.EMPTY, NOW).get(0).actions()).as("nothing under way").hasSize(1);
        assertThat(keepTwo.apply(List.of(powerOff), s, state, NOW).get(0).skipped()).extracting(Skip::reason)
                .containsExactly("safety rails: powering it off would leave 1 nodes on (minimum 2)");
    }

    @Test
    void aPowerOffDoneAfterItsDrainDoesNotCountTwiceInTheBudget() {
        SafetyRails rails = new SafetyRails(CONFIG);
        Plan started = plan(PolicyName.CONSOLIDATION, Action.onNode(ActionKind.CORDON, "a", "test"));
        PolicyState state = rails.executed(PolicyState.EMPTY, started, List.of(), Set.of("a"), NOW.minusSeconds(30));
        state = rails.executed(state, plan(PolicyName.CONSOLIDATION, off("a")), List.of(), Set.of(), NOW);
        assertThat(state.changesSince(NOW.minus(Duration.ofMinutes(5)))).isEqualTo(1);
        assertThat(state.lastAction("a", Control.POWER).at()).isEqualTo(NOW);
    }
}
