package io.escheduler.simulator.engine;

import io.escheduler.simulator.Fixtures;
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.schedule.Placement;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Energy is power × time exactly for piecewise-constant load; every pod that arrives is accounted for once. */
class EnergyBookkeepingTest {

    private static final RunConfig ONE_HOUR = new RunConfig(1.0 / 24, 1, Placement.KUBE_SCHEDULER, 300_000);

    @Test
    void piecewiseConstantLoadGivesTheAnalyticIntegral() {
        // one node of 10 CPUs, power 100 + 200 u W; 4 CPUs busy from 600 s to 1800 s, 2 more from 1200 s to 2400 s
        ClusterSpec cluster = Fixtures.cluster(Fixtures.type("n", 1, 10_000));
        Workload w = new Workload("test", List.of(Fixtures.job("a", 600, 4000, 1200), Fixtures.job("b", 1200, 2000, 1200)), null);
        Metrics m = new Simulation(cluster, w, ONE_HOUR, PolicyHook.NONE).run(f -> { });
        double joules = 100 * 3600          // idle all hour
                + 200 * 0.4 * 1200          // a
                + 200 * 0.2 * 1200;         // b
        assertThat(m.energyJoules()).isCloseTo(joules, within(1e-6));
        assertThat(m.peakWatts()).isCloseTo(100 + 200 * 0.6, within(1e-9));
        assertThat(m.accounting().completed()).isEqualTo(2);
        // the series: one point per 5 minutes, the last at the end, each the mean power of its step
        assertThat(m.samples()).hasSize(12).allSatisfy(p -> assertThat(p.watts()).isFinite().isBetween(100.0, 220.0));
        double seriesJoules = m.samples().stream().mapToDouble(p -> p.watts() * 300).sum();
        assertThat(seriesJoules).isCloseTo(joules, within(1e-6));
    }

    @Test
    void aLoweredCeilingAndANodeSwitchedOffAndOnAreIntegratedToo() {
        // two nodes; at 900 s a hook lowers node 1's ceiling to half speed and switches node 2 off (shutdown 20 s at idle,
        // then 10 W); at 1800 s it switches node 2 on (boot 100 s at 200 W, then idle)
        ClusterSpec cluster = Fixtures.cluster(Fixtures.type("n", 2, 10_000));
        Workload w = new Workload("test", List.of(Fixtures.service("s", 0, 2000, -1, null)), null);
        PolicyHook hook = new PolicyHook() {
            @Override
            public long intervalMillis() {
                return 900_000;
            }

            @Override
            public void cycle(Simulation sim, long now) {
                SimNode busy = sim.nodes().stream().filter(SimNode::hasWorkload).findFirst().orElseThrow();
                SimNode idle = sim.nodes().stream().filter(n -> !n.hasWorkload()).findFirst().orElseThrow();
                if (now == 900_000) {
                    sim.setCeiling(busy, 1_000_000);
                    sim.powerOff(idle);
                } else if (now == 1_800_000) {
                    sim.powerOn(idle);
                }
            }
        };
        Metrics m = new Simulation(cluster, w, ONE_HOUR, hook).run(f -> { });
        double busyNode = (100 + 200 * 0.2) * 900          // full speed, 20 % busy
                + (100 + 200 * 0.4 * 0.25) * 2700;         // half speed: 40 % busy, dynamic × 0.5²
        double idleNode = 100 * 900 + 100 * 20 + 10 * (900 - 20) + 200 * 100 + 100 * (1800 - 100);
        assertThat(m.energyJoules()).isCloseTo(busyNode + idleNode, within(1e-6));
        assertThat(m.throttledNodeHours()).isCloseTo(0.75, within(1e-9));
        assertThat(m.lostCpuSeconds()).as("20 % demand fits in half speed").isZero();
        assertThat(m.powerOffs()).isEqualTo(1);
    }

    @Test
    void everyArrivingPodIsAccountedForExactlyOnce() {
        ClusterSpec cluster = Fixtures.cluster(Fixtures.type("n", 3, 4_000));
        Budget budget = new Budget("web", "front", -1, 1);
        List<PodSpec> pods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pods.add(Fixtures.service("front-" + i, 10 * i, 1000, -1, budget));
        }
        pods.add(Fixtures.service("short", 5, 500, 300, null));
        for (int i = 0; i < 12; i++) {
            pods.add(Fixtures.job("job-" + i, 60 + 100 * i, 2000, 600 + 300 * i));
        }
        // more than fits: some stay pending until jobs finish
        for (int i = 0; i < 4; i++) {
            pods.add(Fixtures.job("big-" + i, 100, 3500, 1500));
        }
        PolicyHook evictor = new PolicyHook() {
            @Override
            public long intervalMillis() {
                return 600_000;
            }

            @Override
            public void cycle(Simulation sim, long now) {
                for (SimNode n : sim.nodes()) {
                    for (SimPod p : List.copyOf(n.pods())) {
                        sim.evict(p);
                    }
                }
            }
        };
        Metrics m = new Simulation(cluster, new Workload("test", pods, null), ONE_HOUR, evictor).run(f -> { });
        Metrics.Accounting a = m.accounting();
        assertThat(a.arrived()).isEqualTo(pods.size());
        assertThat(a.completed() + a.running() + a.pending() + a.lost()).isEqualTo(a.arrived());
        assertThat(a.completed()).as("some finished").isPositive();
        assertThat(m.evictions()).as("some evicted").isPositive();
        assertThat(a.lost()).as("every pod has a controller").isZero();
    }
}
