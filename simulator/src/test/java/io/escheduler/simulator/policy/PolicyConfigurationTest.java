package io.escheduler.simulator.policy;

import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.dvfs.DvfsPolicy;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.simulator.Fixtures;
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.cluster.Scoring;
import io.escheduler.simulator.engine.Metrics;
import io.escheduler.simulator.engine.PolicyHook;
import io.escheduler.simulator.engine.RunConfig;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.input.InputError;
import io.escheduler.simulator.schedule.Placement;
import io.escheduler.simulator.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator runs the service's policy classes with the service's configuration: a threshold changed through its
 * public key ({@code dvfs.lower-below-percent}) changes the plan of the library's {@link DvfsPolicy}, the class the
 * service runs, and the same key in a cluster file changes what happens in the simulation.
 */
class PolicyConfigurationTest {

    private static final RunConfig ONE_HOUR = new RunConfig(1.0 / 24, 1, Placement.KUBE_SCHEDULER, 300_000);

    /** One node 10 % busy for an hour (a pod using 1 of 10 CPUs). */
    private static ClusterSpec cluster(Map<String, String> policies) {
        NodeType t = Fixtures.type("n", 2, 10_000);
        Map<String, Integer> lines = new java.util.HashMap<>();
        policies.keySet().forEach(k -> lines.put(k, 7));
        return new ClusterSpec("cluster.yaml", "c", List.of(t), Scoring.LEAST_ALLOCATED, policies, lines);
    }

    private static Workload tenPercent() {
        return new Workload("t", List.of(Fixtures.service("s", 0, 1000, -1, null), Fixtures.service("t", 0, 1000, -1, null)), null);
    }

    @Test
    void theLowerBelowThresholdChangesTheLibrarysPlanAndTheSimulation() {
        for (String threshold : List.of("20", "5")) {
            ClusterSpec cluster = cluster(Map.of("dvfs.lower-below-percent", threshold));
            PolicySettings settings = Settings.of(cluster, List.of("dvfs"), Map.of());
            assertThat(settings.dvfs().lowerBelowPercent()).isEqualTo(Double.parseDouble(threshold));
            Policy dvfs = settings.policies().stream().filter(p -> p instanceof DvfsPolicy).findFirst().orElseThrow();

            // what the library's policy plans for the simulated cluster at every cycle (the service would plan the same for
            // the same snapshot: it runs this class with these settings)
            List<Plan> plans = new ArrayList<>();
            PolicyRun run = new PolicyRun(settings);
            SnapshotBuilder snapshots = new SnapshotBuilder(settings.dvfs().window().toMillis());
            PolicyHook spy = new PolicyHook() {
                @Override
                public long intervalMillis() {
                    return run.intervalMillis();
                }

                @Override
                public void cycle(Simulation sim, long now) {
                    ClusterSnapshot snapshot = snapshots.take(sim, now);
                    plans.add(dvfs.plan(snapshot, PolicyState.EMPTY.observe(snapshot, snapshot.takenAt()), snapshot.takenAt()));
                    run.cycle(sim, now);
                }
            };
            Metrics m = new Simulation(cluster, tenPercent(), ONE_HOUR, spy).run(f -> { });
            boolean lowers = plans.stream().flatMap(p -> p.actions().stream()).anyMatch(a -> a.kind() == ActionKind.SET_CPUFREQ);
            if (threshold.equals("20")) {
                assertThat(lowers).as("10 % is below 20 %").isTrue();
                assertThat(m.throttledNodeHours()).isPositive();
                assertThat(m.actions().get("dvfs").get("set-cpufreq")).containsEntry("done", 2);
            } else {
                assertThat(lowers).as("10 % is not below 5 %").isFalse();
                assertThat(m.throttledNodeHours()).isZero();
                assertThat(m.actions()).doesNotContainKey("dvfs");
            }
        }
    }

    @Test
    void aWrongSettingNamesItsLineAndTheLibrarysReason() {
        assertThatThrownBy(() -> Settings.of(cluster(Map.of("dvfs.lower-below-precent", "20")), List.of(), Map.of()))
                .isInstanceOf(InputError.class).hasMessageStartingWith("cluster.yaml:7: unknown policy setting 'dvfs.lower-below-precent'");
        assertThatThrownBy(() -> Settings.of(cluster(Map.of("dvfs.lower-below-percent", "70")), List.of(), Map.of()))
                .isInstanceOf(InputError.class).hasMessageStartingWith("cluster.yaml:7: dvfs: need 0 <= lower-below-percent < restore-above-percent");
        assertThatThrownBy(() -> Settings.of(cluster(Map.of("power-off.grace-period", "ten minutes")), List.of(), Map.of()))
                .isInstanceOf(InputError.class).hasMessageStartingWith("cluster.yaml:7: power-off.grace-period: not a duration");
    }
}
