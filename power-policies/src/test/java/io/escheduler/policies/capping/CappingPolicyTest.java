package io.escheduler.policies.capping;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
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
    void theExportersMaximumPowerComesFirstThenItsTdpThenTheConfiguredMaximum() {
        record Case(String description, double maxWatts, double tdpWatts, String expected) {
        }
        CappingConfig configured = new CappingConfig(new CappingThresholds(50, 40, 20, 100));
        List<Case> cases = List.of(
                new Case("packages' maximum power 300 W (TDP 200 W): 130 W is 43%, not above 50%", 300, 200, null),
                new Case("TDP only, 200 W: 130 W is 65%, capped at 40% of it", 0, 200, "set-power-limit 80"),
                new Case("neither: the configured 100 W, at its 40%", 0, 0, "set-power-limit 40"));
        for (Case k : cases) {
            Cluster c = new Cluster().add(node("n")).power("n", 130, k.maxWatts(), k.tdpWatts());
            Plan plan = new CappingPolicy(configured).plan(c.snapshot(), PolicyState.EMPTY, NOW);
            assertThat(plan.actions()).as(k.description()).extracting(a -> a.kind().wireName() + " " + a.value())
                    .isEqualTo(k.expected() == null ? List.of() : List.of(k.expected()));
        }
    }

    @Test
    void theLimitIsAtMostThePackagesTdpTheHighestLongTermLimitTheyAccept() {
        // 280 W of a 300 W maximum (93%); 80% of 300 W would be 240 W, above the packages' 170 W TDP
        Cluster c = new Cluster().add(node("n")).power("n", 280, 300, 170);
        Plan plan = new CappingPolicy(CappingConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.value()).isEqualTo("170");
            assertThat(a.reason()).isEqualTo("power 280 W is 93.3% of its 300 W maximum, above 90%; limit 170 W, its packages' TDP "
                    + "(the highest long-term limit they accept), not 80% of the maximum");
        });
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
