package io.escheduler.policies;

import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.policies.poweroff.PowerOffConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eight-node cycle of issue 13's "policies that contradict each other", planned by every policy at once through the
 * {@link PolicyCycle} the service and the simulator run: one cycle's plans form one consistent decision.
 * <ul>
 * <li>n1 is hot: dvfs-migration sheds its pod to the coolest node, n7; n4 runs one small pod: consolidation empties it
 *     onto n3; n3 and n7 were idle enough for dvfs to lower them — it must not, while they receive pods;</li>
 * <li>n5 and n6 are idle: n5 is dvfs-migration's reserve, which power-off must not switch off; n6 it may;</li>
 * <li>consolidation gives a reason for every node it leaves alone;</li>
 * <li>a refusal names the policy that prevailed.</li>
 * </ul>
 */
class ContradictionsTest {

    private static final PolicySettings ALL = new PolicySettings(PolicySettings.DEFAULTS.interval(), PolicySettings.every(Mode.DRY_RUN),
            PolicySettings.DEFAULTS.powerOn(), new PowerOffConfig(Duration.ZERO), PolicySettings.DEFAULTS.consolidation(),
            PolicySettings.DEFAULTS.dvfs(), PolicySettings.DEFAULTS.capping(), PolicySettings.DEFAULTS.dvfsMigration(),
            PolicySettings.DEFAULTS.cappingMigration(), PolicySettings.DEFAULTS.rails(), PolicySettings.DEFAULTS.executor());

    private static PolicyCycle.Round plan() {
        Cluster c = new Cluster();
        for (String n : List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8")) {
            c.add(node(n).cpu(8000));
        }
        c.add(pod("web-1").on("n1").cpu(6000)).add(pod("web-2").on("n1").cpu(1000))
                .add(pod("a-1").on("n2").cpu(4000)).add(pod("a-2").on("n2").cpu(2000))
                .add(pod("b-1").on("n3").cpu(2000)).add(pod("b-2").on("n3").cpu(1000))
                .add(pod("c-1").on("n4").cpu(500))
                .add(pod("d-1").on("n7").cpu(500)).add(pod("d-2").on("n7").cpu(500))
                .add(pod("e-1").on("n8").cpu(4000)).add(pod("e-2").on("n8").cpu(2000));
        c.metrics("n1", 0.95, 0.95, 300, 400).metrics("n2", 0.5, 0.5, 200, 400).metrics("n3", 0.1, 0.1, 120, 400)
                .metrics("n4", 0.3, 0.3, 150, 400).metrics("n5", 0.0, 0.0, 100, 400).metrics("n6", 0.0, 0.0, 100, 400)
                .metrics("n7", 0.05, 0.05, 110, 400).metrics("n8", 0.5, 0.5, 200, 400);
        PolicyCycle cycle = new PolicyCycle(ALL);
        return cycle.plan(c.snapshot(), null);
    }

    private static Set<String> nodes(Plan plan, ActionKind kind) {
        return plan.actions().stream().filter(a -> a.kind() == kind).map(Action::node).collect(Collectors.toSet());
    }

    private static String reason(Plan plan, String node) {
        return plan.skipped().stream().filter(s -> node.equals(s.node())).map(Skip::reason).findFirst().orElse(null);
    }

    @Test
    void aNodeReceivingPodsIsNotSlowedInTheSameCycle() {
        PolicyCycle.Round round = plan();
        Plan consolidation = round.published().get(PolicyName.CONSOLIDATION);
        Plan migration = round.published().get(PolicyName.DVFS_MIGRATION);
        Set<String> targets = new java.util.HashSet<>();
        consolidation.pods().forEach(a -> targets.add(a.target()));
        migration.pods().forEach(a -> targets.add(a.target()));
        assertThat(targets).as("both policies send pods somewhere").isNotEmpty();
        Plan dvfs = round.published().get(PolicyName.DVFS);
        assertThat(nodes(dvfs, ActionKind.SET_CPUFREQ)).as("dvfs lowers no node that receives pods").doesNotContainAnyElementsOf(targets);
        for (String target : targets) {
            if (reason(dvfs, target) != null) {
                assertThat(reason(dvfs, target)).matches("safety rails: (consolidation|dvfs-migration) plans pods onto this node in this cycle: "
                        + "it is not slowed or capped while it receives them.*");
            }
        }
    }

    @Test
    void theReserveIsNeverAPowerOffCandidate() {
        PolicyCycle.Round round = plan();
        Plan powerOff = round.published().get(PolicyName.POWER_OFF);
        Plan migration = round.published().get(PolicyName.DVFS_MIGRATION);
        assertThat(reason(migration, "n5")).isEqualTo("kept idle as reserve");
        assertThat(nodes(powerOff, ActionKind.POWER_OFF)).doesNotContain("n5").contains("n6");
        assertThat(reason(powerOff, "n5")).isEqualTo("safety rails: dvfs-migration keeps this node idle as its reserve "
                + "(dvfs-migration.reserve=1): no policy powers it off or empties it");
    }

    @Test
    void consolidationGivesAReasonForEveryNodeItLeavesAlone() {
        Plan consolidation = plan().published().get(PolicyName.CONSOLIDATION);
        Set<String> acted = consolidation.changedNodes();
        for (String n : List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8")) {
            if (!acted.contains(n)) {
                assertThat(reason(consolidation, n)).as(n).isNotBlank();
            }
        }
    }

    @Test
    void aRefusalNamesThePolicyThatPrevailed() {
        PolicyCycle.Round round = plan();
        for (Plan plan : round.published().values()) {
            for (Skip skip : plan.skipped()) {
                assertThat(skip.reason()).doesNotContain("another policy");
            }
        }
    }
}
