package io.escheduler.policies.dvfs;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.Plan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DvfsPolicyTest {

    private static List<String> decisions(DvfsConfig config, boolean lowered, double utilisation, double peak) {
        Cluster c = new Cluster().add(lowered ? node("n").lowered() : node("n")).metrics("n", utilisation, peak, 100, 200);
        Plan plan = new DvfsPolicy(config).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        return plan.actions().stream().map(a -> a.kind().wireName() + (a.value() == null ? "" : " " + a.value())).toList();
    }

    @Test
    void thresholdsWithHysteresis() {
        record Case(String description, boolean lowered, double utilisation, double peak, List<String> expected) {
        }
        List<Case> cases = List.of(
                new Case("low for the whole window: lower", false, 0.05, 0.15, List.of("set-cpufreq min")),
                new Case("low now but a peak in the window: keep", false, 0.05, 0.25, List.of()),
                new Case("between the thresholds, not lowered: keep", false, 0.4, 0.4, List.of()),
                new Case("between the thresholds, lowered: stay lowered", true, 0.4, 0.4, List.of()),
                new Case("lowered and low: nothing more to do", true, 0.05, 0.05, List.of()),
                new Case("lowered and busy: restore", true, 0.7, 0.7, List.of("restore-cpufreq max")),
                new Case("not lowered and busy: nothing", false, 0.9, 0.9, List.of()));
        for (Case k : cases) {
            assertThat(decisions(DvfsConfig.DEFAULTS, k.lowered(), k.utilisation(), k.peak())).as(k.description()).isEqualTo(k.expected());
        }
    }

    @Test
    void aKilohertzTarget() {
        DvfsConfig config = new DvfsConfig(20, 60, Duration.ofMinutes(5), "1200000");
        assertThat(decisions(config, false, 0.1, 0.1)).containsExactly("set-cpufreq 1200000");
    }

    @Test
    void reasonsGiveTheFigures() {
        Cluster c = new Cluster().add(node("n")).metrics("n", 0.05, 0.125, 100, 200);
        Action action = new DvfsPolicy(DvfsConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW).actions().get(0);
        assertThat(action.reason()).isEqualTo("CPU utilisation peaked at 12.5% over the last 5m, below 20%");
    }

    @Test
    void controlPlaneNodesAndNodesWithoutMetrics() {
        Cluster c = new Cluster().add(node("cp").controlPlane()).add(node("dark")).metrics("cp", 0.01, 50, 200);
        Plan plan = new DvfsPolicy(DvfsConfig.DEFAULTS).plan(c.snapshot(), PolicyState.EMPTY, NOW);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).extracting(s -> s.node() + ": " + s.reason()).containsExactly(
                "cp: set-cpufreq wanted (CPU utilisation peaked at 1% over the last 5m, below 20%), but: control-plane node: no policy acts on it",
                "dark: no CPU utilisation in Prometheus");
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new DvfsConfig(60, 20, Duration.ofMinutes(5), "min")).hasMessageContaining("lower-below-percent");
        assertThatThrownBy(() -> new DvfsConfig(20, 60, Duration.ofMinutes(5), "fast")).hasMessageContaining("dvfs.target");
    }
}
