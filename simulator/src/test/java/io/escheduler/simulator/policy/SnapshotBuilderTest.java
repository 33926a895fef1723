package io.escheduler.simulator.policy;

import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.simulator.Fixtures;
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.engine.PolicyHook;
import io.escheduler.simulator.engine.RunConfig;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.schedule.Placement;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot builder that keeps what it built for the nodes that did not change shows, at every cycle, exactly what a
 * new builder shows: while the seven policies power nodes off and on, cordon, evict and lower ceilings.
 */
class SnapshotBuilderTest {

    @Test
    void aSnapshotBuiltFromTheLastOneShowsWhatAFreshOneShows() {
        ClusterSpec cluster = Fixtures.cluster(Fixtures.type("a", 4, 8_000), Fixtures.type("b", 4, 16_000));
        List<PodSpec> pods = new ArrayList<>();
        Budget budget = new Budget("web", "web", -1, 1);
        for (int i = 0; i < 12; i++) {
            pods.add(Fixtures.service("web-" + i, i * 60, 500, 3 * 3600 + i * 300, budget));
            pods.add(Fixtures.job("job-" + i, i * 900, 2000 + i * 100, 1200));
        }
        PolicySettings settings = Settings.of(cluster, PolicySets.POLICIES, Map.of("power-off.grace-period", "2m"));
        PolicyRun run = new PolicyRun(settings);
        SnapshotBuilder kept = new SnapshotBuilder(settings.dvfs().window().toMillis());
        List<Integer> compared = new ArrayList<>();
        PolicyHook spy = new PolicyHook() {
            @Override
            public long intervalMillis() {
                return run.intervalMillis();
            }

            @Override
            public void cycle(Simulation sim, long now) {
                ClusterSnapshot incremental = kept.take(sim, now);
                ClusterSnapshot fresh = new SnapshotBuilder(settings.dvfs().window().toMillis()).take(sim, now);
                assertThat(incremental.nodes()).isEqualTo(fresh.nodes());
                for (NodeSnapshot node : fresh.nodes()) {
                    assertThat(incremental.podsOn(node.name())).as(node.name() + " at " + now).isEqualTo(fresh.podsOn(node.name()));
                    assertThat(incremental.metrics(node.name())).as(node.name() + " at " + now).isEqualTo(fresh.metrics(node.name()));
                }
                assertThat(incremental.unscheduled()).isEqualTo(fresh.unscheduled());
                assertThat(incremental.budget("web/web")).isEqualTo(fresh.budget("web/web"));
                compared.add(fresh.nodes().stream().mapToInt(n -> n.on() ? 1 : 0).sum());
                run.cycle(sim, now);
            }
        };
        Simulation sim = new Simulation(cluster, new Workload("t", pods, null), new RunConfig(0.25, 1, Placement.KUBE_SCHEDULER, 300_000), spy);
        sim.run(f -> { });

        assertThat(compared).hasSize(720);
        assertThat(compared).as("the policies changed the cluster while it was compared").contains(8).anyMatch(on -> on < 8);
        assertThat(sim.metrics().evictions()).isPositive();
    }
}
