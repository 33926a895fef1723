package io.escheduler.policies.poweroff;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

class PowerOffPolicyTest {

    private final PowerOffPolicy policy = new PowerOffPolicy(PowerOffConfig.DEFAULTS);

    /** Observed empty 11 minutes ago, planned now: past the 10-minute grace period. */
    private Plan planAfterGrace(ClusterSnapshot s) {
        PolicyState state = PolicyState.EMPTY.observe(s, NOW.minus(Duration.ofMinutes(11))).observe(s, NOW);
        return policy.plan(s, state, NOW);
    }

    @Test
    void seedExampleNodesWithoutPodsArePoweredOff() {
        Cluster c = new Cluster().add(node("node13")).add(node("node14")).add(node("node15")).add(pod("web").on("node13"));
        Plan plan = planAfterGrace(c.snapshot());
        assertThat(plan.powerOff()).containsExactly("node14", "node15");
    }

    @Test
    void daemonSetStaticAndFinishedPodsDoNotCount() {
        Cluster c = new Cluster().add(node("a")).add(node("b"))
                .add(pod("exporter").on("a").owner(OwnerKind.DAEMON_SET))
                .add(pod("kube-proxy").on("a").owner(OwnerKind.NODE))
                .add(pod("done").on("a").phase(PodPhase.SUCCEEDED))
                .add(pod("web").on("b"));
        assertThat(planAfterGrace(c.snapshot()).powerOff()).containsExactly("a");
    }

    @Test
    void withinTheGracePeriodTheNodeWaits() {
        ClusterSnapshot s = new Cluster().add(node("a")).snapshot();
        PolicyState state = PolicyState.EMPTY.observe(s, NOW.minus(Duration.ofMinutes(3)));
        Plan plan = policy.plan(s, state, NOW);
        assertThat(plan.powerOff()).isEmpty();
        assertThat(plan.skipped()).singleElement().extracting(Skip::reason).asString()
                .isEqualTo("runs no workload since 2026-11-25T07:57:00Z: grace period 10m ends at 2026-11-25T08:07:00Z");
    }

    @Test
    void aNodeThatRanPodsAgainStartsItsGracePeriodAgain() {
        ClusterSnapshot empty = new Cluster().add(node("a")).snapshot();
        ClusterSnapshot busy = new Cluster().add(node("a")).add(pod("web").on("a")).snapshot();
        PolicyState state = PolicyState.EMPTY.observe(empty, NOW.minus(Duration.ofMinutes(30)))
                .observe(busy, NOW.minus(Duration.ofMinutes(5))).observe(empty, NOW.minus(Duration.ofMinutes(4)));
        assertThat(state.emptySince("a")).isEqualTo(NOW.minus(Duration.ofMinutes(4)));
        assertThat(policy.plan(empty, state, NOW).powerOff()).isEmpty();
    }

    @Test
    void controlPlaneDoNotPowerOffAndOffNodesAreLeftAlone() {
        Cluster c = new Cluster().add(node("cp").controlPlane()).add(node("keep").doNotPowerOff()).add(node("gone").off());
        Plan plan = planAfterGrace(c.snapshot());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cp", "runs no workload, but: control-plane node: no policy acts on it"),
                org.assertj.core.groups.Tuple.tuple("keep", "runs no workload, but: annotated energy.escheduler.io/do-not-power-off"));
    }

    @Test
    void aNodeNoDriverCanSwitchOffIsNeitherCordonedNorPoweredOffAndSaysWhy() {
        Cluster c = new Cluster().add(node("a").noPowerDriver()).add(node("b"));
        Plan plan = planAfterGrace(c.snapshot());
        assertThat(plan.powerOff()).containsExactly("b");
        assertThat(plan.actions()).noneMatch(a -> a.node().equals("a"));
        assertThat(plan.skipped()).extracting(Skip::node, Skip::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "runs no workload, but cannot be powered off: no power driver configured"));
    }

    @Test
    void theNodeIsCordonedBeforeItGoesDown() {
        Plan plan = planAfterGrace(new Cluster().add(node("a")).snapshot());
        assertThat(plan.actions()).extracting(a -> a.kind().wireName()).containsExactly("cordon", "power-off");
    }
}
