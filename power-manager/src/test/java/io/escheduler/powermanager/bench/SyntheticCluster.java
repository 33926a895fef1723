package io.escheduler.powermanager.bench;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.DisruptionBudget;
import io.escheduler.policies.model.NodeAffinity;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.model.SchedulingFailure;
import io.escheduler.policies.model.Taint;
import io.escheduler.policies.model.Toleration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A large cluster for the planning benchmark, the same for a given seed: {@code nodes} nodes (3 control-plane,
 * 4% powered off, 32 CPUs, 128 GiB, 110 pods), two DaemonSet pods on every running node, workload pods spread
 * unevenly (0 to 2× the mean per node, so some nodes run none) until {@code pods} pods in all, 1% of them pending
 * for lack of cpu or memory; 5% of workload pods use local storage, 1% are bare, 1% do-not-evict, a third belong
 * to one of 2000 PodDisruptionBudgets; metrics for every running node (utilisation, power out of 400 W).
 */
public final class SyntheticCluster {

    private static final long GI = 1L << 30;

    private SyntheticCluster() {
    }

    public static ClusterSnapshot generate(int nodeCount, int podCount, long seed, Instant now) {
        Random random = new Random(seed);
        List<NodeSnapshot> nodes = new ArrayList<>(nodeCount);
        Map<String, NodeMetrics> metrics = new HashMap<>();
        List<String> on = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            String name = String.format("node-%05d", i);
            boolean controlPlane = i < 3;
            boolean off = !controlPlane && random.nextInt(100) < 4;
            Map<String, String> labels = new HashMap<>(Map.of("kubernetes.io/hostname", name, "zone", "zone-" + i % 3));
            List<Taint> taints = new ArrayList<>();
            if (controlPlane) {
                labels.put("node-role.kubernetes.io/control-plane", "");
                taints.add(new Taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"));
            }
            if (off) {
                taints.add(new Taint("node.kubernetes.io/unreachable", null, "NoSchedule"));
            }
            boolean lowered = random.nextInt(10) == 0;
            boolean capped = random.nextInt(20) == 0;
            nodes.add(new NodeSnapshot(name, Map.copyOf(labels), controlPlane, random.nextInt(50) == 0, false, !off, off,
                    new Resources(32_000, 128 * GI, 200 * GI, Map.of()), 110, List.copyOf(taints), lowered, capped,
                    lowered ? OptionalLong.of(1_000_000) : OptionalLong.empty(), capped ? OptionalDouble.of(300) : OptionalDouble.empty(),
                    Map.of()));
            if (!off) {
                on.add(name);
                double utilisation = random.nextDouble();
                metrics.put(name, new NodeMetrics(utilisation, Math.min(1, utilisation + random.nextDouble() * 0.1),
                        100 + 300 * utilisation, 400, 340));
            }
        }
        List<PodSnapshot> pods = new ArrayList<>(podCount);
        List<Toleration> everything = List.of(new Toleration(null, "Exists", null, null));
        for (String node : on) {
            pods.add(pod("kube-system", "exporter-" + node, node, 100, GI / 8, OwnerKind.DAEMON_SET, false, false, List.of(), everything));
            pods.add(pod("kube-system", "actuator-" + node, node, 50, GI / 16, OwnerKind.DAEMON_SET, false, false, List.of(), everything));
        }
        int pending = podCount / 100;
        int workload = podCount - pods.size() - pending;
        int mean = Math.max(1, workload / on.size());
        int made = 0;
        for (int n = 0; made < workload; n = (n + 1) % on.size()) {
            String node = on.get(n);
            int count = Math.min(workload - made, random.nextInt(2 * mean + 1));
            for (int k = 0; k < count && made < workload; k++, made++) {
                pods.add(workloadPod(random, made, node));
            }
        }
        SchedulingFailure cpu = new SchedulingFailure(List.of("cpu"), List.of(), "0/5000 nodes are available: 5000 Insufficient cpu.");
        SchedulingFailure memory = new SchedulingFailure(List.of("memory"), List.of(), "0/5000 nodes are available: 5000 Insufficient memory.");
        for (int i = 0; i < pending; i++) {
            pods.add(new PodSnapshot("batch", "pending-" + i, null, PodPhase.PENDING, new Resources(1000 + random.nextInt(4) * 1000,
                    (2 + random.nextInt(8)) * GI, 0, Map.of()), OwnerKind.JOB, false, false, List.of(),
                    i % 2 == 0 ? cpu : memory, List.of(), NodeAffinity.ANY));
        }
        List<DisruptionBudget> budgets = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            budgets.add(new DisruptionBudget("apps", "app-" + i, i % 4 == 0 ? 0 : 1));
        }
        return new ClusterSnapshot(now, nodes, pods, budgets, metrics);
    }

    private static PodSnapshot workloadPod(Random random, int i, String node) {
        int kind = random.nextInt(100);
        OwnerKind owner = kind == 0 ? OwnerKind.NONE : kind < 10 ? OwnerKind.STATEFUL_SET : kind < 15 ? OwnerKind.JOB : OwnerKind.REPLICA_SET;
        List<String> budgets = random.nextInt(3) == 0 ? List.of("apps/app-" + random.nextInt(2000)) : List.of();
        return pod("apps", "app-" + i, node, 100 + random.nextInt(8) * 100, (1 + random.nextInt(8)) * GI / 4, owner,
                random.nextInt(100) < 5, random.nextInt(100) == 0, budgets, List.of());
    }

    private static PodSnapshot pod(String namespace, String name, String node, long cpu, long memory, OwnerKind owner,
                                   boolean localStorage, boolean doNotEvict, List<String> budgets, List<Toleration> tolerations) {
        return new PodSnapshot(namespace, name, node, PodPhase.RUNNING, Resources.of(cpu, memory), owner, localStorage, doNotEvict,
                budgets, null, tolerations, NodeAffinity.ANY);
    }
}
