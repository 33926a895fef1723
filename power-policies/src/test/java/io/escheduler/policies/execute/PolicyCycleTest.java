package io.escheduler.policies.execute;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.Mode;
import io.escheduler.policies.PolicyCycle;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.consolidation.ConsolidationConfig;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cycle the service and the simulator both run: plans published for every policy that is not off, only the
 * enforced ones carried out, the memory following what the executor did, and a change under way (a consolidation
 * waiting for its drain) holding the node until it is over.
 */
class PolicyCycleTest {

    @Test
    void aCycleEnforcesOnlyTheEnforcedPlansAndTheNextSeesTheDrainUnderWayUntilItIsOver() {
        // three small nodes: consolidation packs as tightly as the pods fit (consolidation.spare-nodes=0)
        PolicySettings d = PolicySettings.DEFAULTS;
        PolicySettings settings = new PolicySettings(d.interval(), d.modes(), d.powerOn(), d.powerOff(), new ConsolidationConfig(1, 0), d.dvfs(),
                d.capping(), d.dvfsMigration(), d.cappingMigration(), d.rails(), d.executor()).withModes(PolicySettings.every(Mode.OFF))
                .withMode(PolicyName.CONSOLIDATION, Mode.ENFORCE).withMode(PolicyName.POWER_OFF, Mode.DRY_RUN);
        InMemoryCluster cluster = new InMemoryCluster().add("a", "shop/web-1").add("b", "shop/b-1").add("c", "shop/c-1", "shop/c-2");
        PlanExecutor executor = new PlanExecutor(settings, cluster, cluster, cluster, cluster, cluster, cluster.clock);
        PolicyCycle cycle = new PolicyCycle(settings);
        Cluster before = new Cluster().add(node("a")).add(node("b")).add(node("c"))
                .add(pod("web-1").namespace("shop").on("a")).add(pod("b-1").namespace("shop").on("b"))
                .add(pod("c-1").namespace("shop").on("c")).add(pod("c-2").namespace("shop").on("c"));

        cycle.followUp(executor);
        PolicyCycle.Round first = cycle.plan(before.snapshot(cluster.clock.instant()), executor);
        cycle.enforce(first, executor);

        assertThat(first.published()).containsOnlyKeys(PolicyName.POWER_OFF, PolicyName.CONSOLIDATION);
        assertThat(first.admitted()).extracting(p -> p.policy()).containsExactly(PolicyName.CONSOLIDATION);
        assertThat(first.published().get(PolicyName.CONSOLIDATION).powerOff()).containsExactly("a");
        assertThat(cluster.calls).containsExactly("cordon a by consolidation", "evict shop/web-1");
        assertThat(cycle.state().lastAction("a", Control.PLACEMENT).kind()).isEqualTo(ActionKind.EVICT);
        assertThat(cycle.state().changesSince(NOW)).isEqualTo(1);

        // 30 s later web-1 is still terminating: the node's change is under way, nothing else may start there
        cluster.clock.advance(Duration.ofSeconds(30));
        cycle.followUp(executor);
        Cluster during = new Cluster().add(node("a").cordoned()).add(node("b")).add(node("c"))
                .add(pod("web-1").namespace("shop").on("a")).add(pod("b-1").namespace("shop").on("b"))
                .add(pod("c-1").namespace("shop").on("c")).add(pod("c-2").namespace("shop").on("c"));
        PolicyCycle.Round second = cycle.plan(during.snapshot(cluster.clock.instant()), executor);
        cycle.enforce(second, executor);
        assertThat(second.published().get(PolicyName.CONSOLIDATION).actions()).extracting(Action::node).doesNotContain("a");
        assertThat(second.published().get(PolicyName.CONSOLIDATION).skipped()).extracting(Skip::node, Skip::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("a", "safety rails: a change is under way on this node: consolidation's "
                        + "power-off waits for the node's pods to go (since 2026-11-25T08:00:00Z, at the latest until 2026-11-25T08:05:00Z)"));

        // web-1 went: the next follow-up switches the node off, and the memory has it, counted once in the budget
        cluster.gone("a", "shop/web-1");
        cluster.clock.advance(Duration.ofSeconds(1));
        cycle.followUp(executor);
        assertThat(cluster.calls).contains("power-off a");
        assertThat(cycle.state().lastAction("a", Control.POWER).at()).isEqualTo(NOW.plusSeconds(31));
        assertThat(cycle.state().changesSince(NOW)).isEqualTo(1 + (int) second.admitted().stream()
                .mapToLong(p -> p.changedNodes().size()).sum());
        assertThat(executor.underWay()).isEmpty();
    }
}
