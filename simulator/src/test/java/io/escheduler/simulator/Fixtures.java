package io.escheduler.simulator;

import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.cluster.Scoring;
import io.escheduler.simulator.power.PowerCurve;
import io.escheduler.simulator.power.PowerModel;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Usage;

import java.util.List;
import java.util.Map;

/** Small clusters and pods for the simulator's tests. */
public final class Fixtures {

    /** A curve that is linear from 100 W idle to 300 W at full load: power at load u is 100 + 200 u. */
    public static final double[] LINEAR = {100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300};

    private Fixtures() {
    }

    public static NodeType type(String name, int count, long cpuMillis) {
        return new NodeType(name, count, cpuMillis, 65536, 110,
                new PowerModel(new PowerCurve(LINEAR), 10, 100, 20_000, 20, 1_000_000, 2_000_000, 200, 2), Map.of(), List.of(), 0, "test");
    }

    public static ClusterSpec cluster(NodeType... types) {
        return new ClusterSpec("test-cluster.yaml", "test", List.of(types), Scoring.LEAST_ALLOCATED, Map.of(), Map.of());
    }

    /** A Job's pod arriving at {@code atSeconds}, requesting and using {@code millis}, running {@code seconds} at nominal speed. */
    public static PodSpec job(String name, double atSeconds, long millis, double seconds) {
        return new PodSpec(Math.round(atSeconds * 1000), "batch", name, Owner.JOB, millis, 1024, Usage.constant(millis), Math.round(seconds * 1000),
                null, null, false, Map.of(), List.of());
    }

    /** A ReplicaSet's pod living {@code seconds} (-1: to the end), in budget {@code budget} (or none). */
    public static PodSpec service(String name, double atSeconds, long millis, double seconds, Budget budget) {
        return new PodSpec(Math.round(atSeconds * 1000), "web", name, Owner.REPLICA_SET, millis, 1024, Usage.constant(millis),
                seconds < 0 ? -1 : Math.round(seconds * 1000), null, budget, false, Map.of(), List.of());
    }
}
