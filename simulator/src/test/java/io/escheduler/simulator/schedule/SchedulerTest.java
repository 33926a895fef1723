package io.escheduler.simulator.schedule;

import io.escheduler.simulator.Fixtures;
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.cluster.Scoring;
import io.escheduler.simulator.cluster.Taint;
import io.escheduler.simulator.engine.Metrics;
import io.escheduler.simulator.engine.PolicyHook;
import io.escheduler.simulator.engine.RunConfig;
import io.escheduler.simulator.engine.SimNode;
import io.escheduler.simulator.engine.SimPod;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Usage;
import io.escheduler.simulator.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** kube-scheduler's filters, messages and scores as the simulator models them. */
class SchedulerTest {

    private static final RunConfig TEN_MINUTES = new RunConfig(600 / 86400.0, 7, Placement.KUBE_SCHEDULER, 60_000);

    @Test
    void aPodThatFitsNowhereGetsKubeSchedulersMessage() {
        NodeType plain = Fixtures.type("plain", 2, 4000);
        NodeType tainted = new NodeType("gpu", 1, 64000, 65536, 110, plain.power(), Map.of("accel", "gpu"),
                List.of(new Taint("dedicated", "gpu", "NoSchedule")), 0, "test");
        ClusterSpec cluster = Fixtures.cluster(plain, tainted);
        List<String> messages = new ArrayList<>();
        PolicyHook look = new PolicyHook() {
            @Override
            public long intervalMillis() {
                return 60_000;
            }

            @Override
            public void cycle(Simulation sim, long now) {
                sim.pending().forEach(p -> messages.add(p.key() + ": " + p.unschedulableMessage()));
                SimNode first = sim.node("plain-001");
                if (now == 60_000) {
                    sim.cordon(first, "test");
                }
            }
        };
        Workload w = new Workload("test", List.of(Fixtures.job("big", 0, 8000, 3600), Fixtures.job("late", 90, 8000, 3600)), null);
        new Simulation(cluster, w, TEN_MINUTES, look).run(f -> { });
        assertThat(messages.get(0)).isEqualTo("batch/big: 0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        assertThat(messages).last().asString().startsWith("batch/late: 0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
                + "{dedicated: gpu}, 1 node(s) were unschedulable.");
    }

    @Test
    void leastAllocatedSpreadsAndMostAllocatedPacks() {
        for (Scoring scoring : Scoring.values()) {
            NodeType t = Fixtures.type("n", 4, 8000);
            ClusterSpec cluster = new ClusterSpec("c", "c", List.of(t), scoring, Map.of(), Map.of());
            List<PodSpec> pods = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pods.add(new PodSpec(i * 1000L, "web", "p" + i, Owner.REPLICA_SET, 1000, 512, Usage.constant(500), -1, null, null, false,
                        Map.of(), List.of()));
            }
            List<Integer> occupied = new ArrayList<>();
            PolicyHook count = new PolicyHook() {
                @Override
                public long intervalMillis() {
                    return 60_000;
                }

                @Override
                public void cycle(Simulation sim, long now) {
                    occupied.add((int) sim.nodes().stream().filter(SimNode::hasWorkload).count());
                }
            };
            Metrics m = new Simulation(cluster, new Workload("t", pods, null), TEN_MINUTES, count).run(f -> { });
            assertThat(m.accounting().running()).isEqualTo(4);
            assertThat(occupied.get(0)).as(scoring.wireName()).isEqualTo(scoring == Scoring.LEAST_ALLOCATED ? 4 : 1);
        }
    }

    @Test
    void nodeSelectorsAndTolerationsAreHonoured() {
        NodeType plain = Fixtures.type("plain", 1, 4000);
        NodeType gpu = new NodeType("gpu", 1, 4000, 65536, 110, plain.power(), Map.of("accel", "gpu"),
                List.of(new Taint("dedicated", "gpu", "NoSchedule")), 0, "test");
        PodSpec wantsGpu = new PodSpec(0, "ml", "train", Owner.JOB, 1000, 512, Usage.constant(1000), 60_000, null, null, false,
                Map.of("accel", "gpu"), List.of(new Taint("dedicated", "", "NoSchedule")));
        List<String> where = new ArrayList<>();
        PolicyHook look = new PolicyHook() {
            @Override
            public long intervalMillis() {
                return 30_000;
            }

            @Override
            public void cycle(Simulation sim, long now) {
                for (SimNode n : sim.nodes()) {
                    for (SimPod p : n.pods()) {
                        where.add(p.name() + "@" + n.name());
                    }
                }
            }
        };
        new Simulation(Fixtures.cluster(plain, gpu), new Workload("t", List.of(wantsGpu), null), TEN_MINUTES, look).run(f -> { });
        assertThat(where).first().isEqualTo("train@gpu-001");
    }
}
