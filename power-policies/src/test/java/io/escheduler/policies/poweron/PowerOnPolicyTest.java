package io.escheduler.policies.poweron;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

class PowerOnPolicyTest {

    private final PowerOnPolicy policy = new PowerOnPolicy(PowerOnConfig.DEFAULTS);

    private Plan plan(ClusterSnapshot snapshot) {
        return policy.plan(snapshot, PolicyState.EMPTY.observe(snapshot, NOW), NOW);
    }

    @Test
    void seedExamplePendingPodsOfInsufficientCpuPowerOnTheFewestNodes() {
        // node13: 2 CPUs; node14, node15: 4 CPUs. Six pods of 1 CPU fit on the two large ones.
        Cluster c = new Cluster().add(node("node1")).add(node("node13").off().cpu(2000)).add(node("node14").off())
                .add(node("node15").off());
        for (int i = 0; i < 6; i++) {
            c.add(pod("job-" + i).cpu(1000).unschedulable(List.of("cpu"), List.of()));
        }
        Plan plan = plan(c.snapshot());
        assertThat(plan.powerOn()).containsExactly("node14", "node15");
        assertThat(plan.actions()).allSatisfy(a -> assertThat(a.reason()).startsWith("pending for lack of resources"));
    }

    @Test
    void everyResourceReasonCountsOtherReasonsDoNot() {
        record Case(String description, List<String> insufficient, List<String> others, boolean powersOn) {
        }
        List<Case> cases = List.of(
                new Case("insufficient cpu", List.of("cpu"), List.of(), true),
                new Case("insufficient memory", List.of("memory"), List.of(), true),
                new Case("too many pods", List.of("pods"), List.of(), true),
                new Case("capacity on some nodes, a taint on others", List.of("memory"),
                        List.of("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"), true),
                new Case("node affinity only", List.of(), List.of("node(s) didn't match Pod's node affinity/selector"), false),
                new Case("taints only", List.of(), List.of("node(s) had untolerated taint {dedicated: gpu}"), false));
        for (Case k : cases) {
            Cluster c = new Cluster().add(node("a")).add(node("b").off())
                    .add(pod("p").unschedulable(k.insufficient(), k.others()));
            Plan plan = plan(c.snapshot());
            assertThat(plan.powerOn()).as(k.description()).isEqualTo(k.powersOn() ? List.of("b") : List.of());
            if (!k.powersOn()) {
                assertThat(plan.skipped()).as(k.description()).extracting(Skip::reason)
                        .allMatch(r -> r.startsWith("unschedulable for other reasons than capacity"));
            }
        }
    }

    @Test
    void aNodePoweredOffWithinTheCooldownIsPassedOverForAnother() {
        Cluster c = new Cluster().add(node("a")).add(node("b").off()).add(node("c").off())
                .add(pod("p").cpu(1000).unschedulable(List.of("cpu"), List.of()));
        ClusterSnapshot snapshot = c.snapshot();
        Plan consolidation = new Plan(PolicyName.CONSOLIDATION, NOW.minus(Duration.ofMinutes(2)),
                List.of(Action.onNode(ActionKind.POWER_OFF, "b", "emptied")), List.of());
        PolicyState state = PolicyState.EMPTY.executed(consolidation, NOW.minus(Duration.ofMinutes(2)), NOW.minus(Duration.ofHours(1)))
                .observe(snapshot, NOW);
        Plan plan = policy.plan(snapshot, state, NOW);
        assertThat(plan.powerOn()).containsExactly("c");
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).contains(org.assertj.core.groups.Tuple.tuple("b",
                "cooling down: consolidation did power-off at 2026-11-25T07:58:00Z, not powered on before 2026-11-25T08:08:00Z"));
        PolicyState later = PolicyState.EMPTY.executed(consolidation, NOW.minus(Duration.ofMinutes(11)), NOW.minus(Duration.ofHours(1)))
                .observe(snapshot, NOW);
        assertThat(policy.plan(snapshot, later, NOW).powerOn()).containsExactly("b");
    }

    @Test
    void aPoweredOffNodeNoDriverCanSwitchOnIsPassedOverForAnother() {
        // "big" would be chosen first (largest), but nothing can switch it on
        Cluster c = new Cluster().add(node("a")).add(node("big").off().cpu(8000).noPowerDriver()).add(node("small").off())
                .add(pod("p").cpu(1000).unschedulable(List.of("cpu"), List.of()));
        Plan plan = plan(c.snapshot());
        assertThat(plan.powerOn()).containsExactly("small");
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("big", "powered off, but cannot be powered on: no power driver configured"));
    }

    @Test
    void extendedResourcesOnlyFromANodeThatHasThem() {
        Cluster c = new Cluster().add(node("cpu-big").off().cpu(64000)).add(node("gpu").off().extended("nvidia.com/gpu", 2))
                .add(pod("train").extended("nvidia.com/gpu", 1).unschedulable(List.of("nvidia.com/gpu"), List.of()));
        assertThat(plan(c.snapshot()).powerOn()).containsExactly("gpu");
    }

    @Test
    void aPodNoPoweredOffNodeCanHoldIsReported() {
        Cluster c = new Cluster().add(node("small").off().cpu(1000))
                .add(pod("huge").cpu(8000).unschedulable(List.of("cpu"), List.of()));
        Plan plan = plan(c.snapshot());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.pod()).isEqualTo("default/huge");
            assertThat(s.reason()).contains("no powered-off node can hold it");
        });
    }

    @Test
    void nodeSelectorAndTaintsAreHonouredButNotTheTaintsOfBeingOff() {
        Cluster c = new Cluster().add(node("a").off().label("zone", "x")).add(node("b").off().label("zone", "y"))
                .add(node("c").off().label("zone", "y").taint("dedicated", "NoSchedule"))
                .add(pod("p").nodeSelector("zone", "y").unschedulable(List.of("cpu"), List.of()));
        assertThat(plan(c.snapshot()).powerOn()).containsExactly("b");
    }

    @Test
    void aNodeAlreadyBootingTakesThePodsFirst() {
        Cluster c = new Cluster().add(node("booting").notReady()).add(node("spare").off())
                .add(pod("p").unschedulable(List.of("cpu"), List.of()));
        ClusterSnapshot s = c.snapshot();
        PolicyState state = PolicyState.EMPTY.executed(new Plan(PolicyName.POWER_ON, NOW.minusSeconds(60),
                List.of(Action.onNode(ActionKind.POWER_ON, "booting", "test")), List.of()), NOW.minusSeconds(60), NOW.minusSeconds(600));
        Plan plan = policy.plan(s, state, NOW);
        assertThat(plan.powerOn()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).singleElement().asString().startsWith("waits for booting");

        Plan later = policy.plan(s, state, NOW.plus(Duration.ofMinutes(15)));
        assertThat(later.powerOn()).as("boot timeout passed").containsExactly("spare");
    }

    @Test
    void runningPodsAndPendingPodsWithoutVerdictAreIgnored() {
        Cluster c = new Cluster().add(node("a")).add(node("b").off()).add(pod("running").on("a"));
        assertThat(plan(c.snapshot()).actions()).isEmpty();
    }
}
