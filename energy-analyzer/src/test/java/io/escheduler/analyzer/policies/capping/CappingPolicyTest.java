package io.escheduler.analyzer.policies.capping;

import io.escheduler.analyzer.policies.Cluster;
import io.escheduler.analyzer.policies.PolicyState;
import io.escheduler.analyzer.policies.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.escheduler.analyzer.policies.Cluster.NOW;
import static io.escheduler.analyzer.policies.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CappingPolicyTest {

    private static List<String> decisions(CappingConfig config, boolean capped, double watts, double maxWatts) {
        Cluster c = new Cluster().add(capped ? node("n").capped() : node("n")).metrics("n", 0.5, watts, maxWatts);
        Plan plan = new CappingPolicy(config).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        return plan.actions().stream().map(a -> a.kind().wireName() + (a.value() == null ? "" : " " + a.value())).toList();
    }

    @Test
    void capAboveTheThresholdLiftBelowTheLowerOne() {
        record Case(String description, boolean capped, double watts, List<String> expected) {
        }
        List<Case> cases = List.of(
                new Case("above 90% of 200 W: cap at 80%", false, 185, List.of("set-power-limit 160")),
                new Case("at 90%: not above", false, 180, List.of()),
                new Case("capped, between 60% and 90%: keep", true, 150, List.of()),
                new Case("capped, below 60%: lift", true, 110, List.of("lift-power-limit")),
                new Case("capped and still above: nothing more", true, 190, List.of()));
        for (Case k : cases) {
            assertThat(decisions(CappingConfig.DEFAULTS, k.capped(), k.watts(), 200)).as(k.description()).isEqualTo(k.expected());
        }
    }

    @Test
    void aConfiguredMaximumReplacesTheExportersTdp() {
        CappingConfig config = new CappingConfig(new CappingThresholds(90, 80, 60, 400));
        assertThat(decisions(config, false, 370, 200)).containsExactly("set-power-limit 320");
    }

    @Test
    void unknownMaximumIsReported() {
        Cluster c = new Cluster().add(node("n")).metrics("n", 0.5, 300, 0);
        Plan plan = new CappingPolicy(CappingConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).startsWith("maximum power unknown"));
    }

    @Test
    void reasons() {
        Cluster c = new Cluster().add(node("n")).metrics("n", 0.5, 185, 200);
        assertThat(new CappingPolicy(CappingConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW).actions().get(0).reason())
                .isEqualTo("power 185 W is 92.5% of its 200 W maximum, above 90%");
    }

    @Test
    void thresholdsMustLeaveRoomForHysteresis() {
        assertThatThrownBy(() -> new CappingThresholds(90, 80, 85, 0)).hasMessageContaining("lift-below-percent < limit-percent");
        assertThatThrownBy(() -> new CappingThresholds(80, 90, 60, 0)).hasMessageContaining("limit-percent <= above-percent");
    }
}
