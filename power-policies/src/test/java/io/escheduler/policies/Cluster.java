package io.escheduler.policies;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.DisruptionBudget;
import io.escheduler.policies.model.NodeAffinity;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodePods;
import io.escheduler.policies.model.NodeRequirement;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.model.SchedulingFailure;
import io.escheduler.policies.model.Taint;
import io.escheduler.policies.model.Toleration;
import io.escheduler.policies.plan.ActionKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Snapshots for the policy tests, built by hand: nodes of 4 CPUs, 16 GiB and 110 pods unless told otherwise. */
public final class Cluster {

    public static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    public static final long GI = 1L << 30;
    public static final long MI = 1L << 20;

    private final List<NodeSnapshot> nodes = new ArrayList<>();
    private final List<PodSnapshot> pods = new ArrayList<>();
    private final List<DisruptionBudget> budgets = new ArrayList<>();
    private final Map<String, NodeMetrics> metrics = new HashMap<>();

    public Cluster add(NodeBuilder node) {
        nodes.add(node.build());
        return this;
    }

    public Cluster add(PodBuilder pod) {
        pods.add(pod.build());
        return this;
    }

    public Cluster budget(String namespace, String name, int allowed) {
        budgets.add(new DisruptionBudget(namespace, name, allowed));
        return this;
    }

    /** Metrics of {@code node}: utilisation (also the window's peak), power, max power; TDP unknown. */
    public Cluster metrics(String node, double utilisation, double watts, double maxWatts) {
        return metrics(node, utilisation, utilisation, watts, maxWatts);
    }

    public Cluster metrics(String node, double utilisation, double peak, double watts, double maxWatts) {
        metrics.put(node, new NodeMetrics(utilisation, peak, watts, maxWatts, 0));
        return this;
    }

    /** Metrics of {@code node} with its packages' maximum power and TDP as the exporter reports them (0: not reported). */
    public Cluster power(String node, double watts, double maxWatts, double tdpWatts) {
        metrics.put(node, new NodeMetrics(0.5, 0.5, watts, maxWatts > 0 ? maxWatts : tdpWatts, tdpWatts));
        return this;
    }

    public ClusterSnapshot snapshot() {
        return snapshot(NOW);
    }

    /** The snapshot taken at {@code at}. */
    public ClusterSnapshot snapshot(Instant at) {
        return new ClusterSnapshot(at, nodes, pods, budgets, metrics);
    }

    /**
     * The same snapshot built as a caller that keeps pods grouped by node builds it ({@link ClusterSnapshot#ofGroups}):
     * the bound pods grouped by node in the order they were added, the pending ones apart.
     */
    public ClusterSnapshot groupedSnapshot(Instant at) {
        Map<String, List<PodSnapshot>> byNode = new HashMap<>();
        List<PodSnapshot> unscheduled = new ArrayList<>();
        for (PodSnapshot pod : pods) {
            if (pod.holdsNode()) {
                byNode.computeIfAbsent(pod.node(), n -> new ArrayList<>()).add(pod);
            } else if (pod.node() == null && pod.phase() == PodPhase.PENDING) {
                unscheduled.add(pod);
            }
        }
        Map<String, NodePods> groups = new HashMap<>();
        byNode.forEach((node, list) -> groups.put(node, NodePods.of(list)));
        return ClusterSnapshot.ofGroups(at, nodes, groups, unscheduled, budgets, metrics);
    }

    public static NodeBuilder node(String name) {
        return new NodeBuilder(name);
    }

    public static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    public static final class NodeBuilder {
        private final String name;
        private final Map<String, String> labels = new HashMap<>();
        private boolean controlPlane;
        private boolean doNotPowerOff;
        private boolean unschedulable;
        private boolean ready = true;
        private boolean poweredOff;
        private long cpu = 4000;
        private long memory = 16 * GI;
        private Map<String, Long> extended = Map.of();
        private int maxPods = 110;
        private final List<Taint> taints = new ArrayList<>();
        private boolean lowered;
        private boolean capped;
        private final Map<ActionKind, String> blocked = new EnumMap<>(ActionKind.class);

        NodeBuilder(String name) {
            this.name = name;
            labels.put("kubernetes.io/hostname", name);
        }

        public NodeBuilder cpu(long millis) {
            cpu = millis;
            return this;
        }

        public NodeBuilder memory(long bytes) {
            memory = bytes;
            return this;
        }

        public NodeBuilder extended(String resource, long amount) {
            extended = Map.of(resource, amount);
            return this;
        }

        public NodeBuilder maxPods(int n) {
            maxPods = n;
            return this;
        }

        public NodeBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public NodeBuilder controlPlane() {
            controlPlane = true;
            labels.put("node-role.kubernetes.io/control-plane", "");
            return this;
        }

        public NodeBuilder doNotPowerOff() {
            doNotPowerOff = true;
            return this;
        }

        public NodeBuilder cordoned() {
            unschedulable = true;
            return this;
        }

        public NodeBuilder notReady() {
            ready = false;
            return this;
        }

        /** Powered off by our executor: NotReady, unreachable taint, the annotation. */
        public NodeBuilder off() {
            poweredOff = true;
            ready = false;
            taints.add(new Taint("node.kubernetes.io/unreachable", null, "NoSchedule"));
            return this;
        }

        public NodeBuilder taint(String key, String effect) {
            taints.add(new Taint(key, null, effect));
            return this;
        }

        public NodeBuilder lowered() {
            lowered = true;
            return this;
        }

        public NodeBuilder capped() {
            capped = true;
            return this;
        }

        /** No power driver can switch it on or off (driver {@code none}). */
        public NodeBuilder noPowerDriver() {
            blocked.put(ActionKind.POWER_ON, "no power driver configured");
            blocked.put(ActionKind.POWER_OFF, "no power driver configured");
            return this;
        }

        /** The executor cannot do {@code kind} on it, for {@code reason}. */
        public NodeBuilder blocked(ActionKind kind, String reason) {
            blocked.put(kind, reason);
            return this;
        }

        NodeSnapshot build() {
            return new NodeSnapshot(name, Map.copyOf(labels), controlPlane, doNotPowerOff, unschedulable, ready, poweredOff,
                    new Resources(cpu, memory, 0, extended), maxPods, List.copyOf(taints), lowered, capped,
                    lowered ? OptionalLong.of(800_000) : OptionalLong.empty(), capped ? OptionalDouble.of(150) : OptionalDouble.empty(),
                    blocked);
        }
    }

    public static final class PodBuilder {
        private String namespace = "default";
        private final String name;
        private String node;
        private PodPhase phase = PodPhase.RUNNING;
        private long cpu = 500;
        private long memory = 512 * MI;
        private Map<String, Long> extended = Map.of();
        private OwnerKind owner = OwnerKind.REPLICA_SET;
        private boolean localStorage;
        private boolean doNotEvict;
        private List<String> budgets = List.of();
        private SchedulingFailure failure;
        private final List<Toleration> tolerations = new ArrayList<>();
        private NodeAffinity affinity = NodeAffinity.ANY;

        PodBuilder(String name) {
            this.name = name;
        }

        public PodBuilder namespace(String ns) {
            namespace = ns;
            return this;
        }

        public PodBuilder on(String node) {
            this.node = node;
            return this;
        }

        public PodBuilder cpu(long millis) {
            cpu = millis;
            return this;
        }

        public PodBuilder memory(long bytes) {
            memory = bytes;
            return this;
        }

        public PodBuilder extended(String resource, long amount) {
            extended = Map.of(resource, amount);
            return this;
        }

        public PodBuilder owner(OwnerKind kind) {
            owner = kind;
            return this;
        }

        public PodBuilder localStorage() {
            localStorage = true;
            return this;
        }

        public PodBuilder doNotEvict() {
            doNotEvict = true;
            return this;
        }

        public PodBuilder budgets(String... keys) {
            budgets = List.of(keys);
            return this;
        }

        public PodBuilder phase(PodPhase p) {
            phase = p;
            return this;
        }

        /** Pending, refused by the scheduler: {@code insufficient} resources and/or {@code others} reasons. */
        public PodBuilder unschedulable(List<String> insufficient, List<String> others) {
            phase = PodPhase.PENDING;
            node = null;
            failure = new SchedulingFailure(insufficient, others, "0/3 nodes are available");
            return this;
        }

        public PodBuilder tolerates(String key) {
            tolerations.add(new Toleration(key, "Exists", null, null));
            return this;
        }

        public PodBuilder nodeSelector(String key, String value) {
            affinity = new NodeAffinity(List.of(new NodeRequirement(key, "In", List.of(value))), List.of());
            return this;
        }

        public PodSnapshot build() {
            return new PodSnapshot(namespace, name, node, phase, new Resources(cpu, memory, 0, extended), owner, localStorage,
                    doNotEvict, budgets, failure, List.copyOf(tolerations), affinity);
        }
    }
}
