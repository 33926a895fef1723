package io.escheduler.simulator.policy;

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
import io.escheduler.policies.model.SchedulingMessages;
import io.escheduler.policies.model.Taint;
import io.escheduler.policies.model.Toleration;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.simulator.engine.Metrics;
import io.escheduler.simulator.engine.SimNode;
import io.escheduler.simulator.engine.SimPod;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.PodSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The simulated cluster as the policies see the real one ({@link ClusterSnapshot}): what the service's informers and
 * its Prometheus queries would give it. Nodes with their labels, taints (a node that is off or booting carries
 * {@code node.kubernetes.io/unreachable}, a cordoned one {@code node.kubernetes.io/unschedulable}), cordon, Ready, the
 * executor's annotations and the actuator's state; pods with their requests, owner, budgets, and, pending, the
 * scheduler's message parsed by the library's own {@link SchedulingMessages}; budgets with their allowed disruptions;
 * metrics of every node that is on: CPU utilisation over the last cycle, its peak over {@code dvfs.window} (unknown
 * until half of it is measured), RAPL power, the packages' TDP as the maximum power.
 */
final class SnapshotBuilder {

    /** Simulated time 0: a Monday, 00:00 UTC. */
    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

    private final long dvfsWindowMillis;
    private final Map<Budget, List<String>> budgetKeys = new IdentityHashMap<>();
    /** Per node, by its index in the simulation's node list: what the last snapshot made of it. */
    private Seen[] seen = new Seen[0];

    /** A node's view in the last snapshot, kept while what it shows did not change. */
    private static final class Seen {
        NodeSnapshot node;
        SimNode.Power power;
        boolean unschedulable;
        int annotationsVersion;
        long ceilingKhz;
        double limitWatts;
        NodePods pods = NodePods.NONE;
        int podsVersion = -1;
    }

    SnapshotBuilder(long dvfsWindowMillis) {
        this.dvfsWindowMillis = dvfsWindowMillis;
    }

    /**
     * The snapshot at {@code now}. A node's view and its pods' group are built again only when they changed since the
     * last snapshot (its pods, its power, cordon, annotations, ceiling or limit): a cycle costs the nodes, not the pods.
     */
    ClusterSnapshot take(Simulation sim, long now) {
        List<SimNode> all = sim.nodes();
        if (seen.length != all.size()) {
            seen = new Seen[all.size()];
            for (int i = 0; i < seen.length; i++) {
                seen[i] = new Seen();
            }
        }
        List<NodeSnapshot> nodes = new ArrayList<>(all.size());
        Map<String, NodeMetrics> metrics = new HashMap<>(all.size() * 2);
        Map<String, NodePods> pods = new HashMap<>(all.size() * 2);
        for (int i = 0; i < all.size(); i++) {
            SimNode n = all.get(i);
            Seen s = seen[i];
            if (s.node == null || s.power != n.power() || s.unschedulable != n.unschedulable() || s.annotationsVersion != n.annotationsVersion()
                    || s.ceilingKhz != n.ceilingKhz() || s.limitWatts != n.limitWatts()) {
                s.node = node(n);
                s.power = n.power();
                s.unschedulable = n.unschedulable();
                s.annotationsVersion = n.annotationsVersion();
                s.ceilingKhz = n.ceilingKhz();
                s.limitWatts = n.limitWatts();
            }
            nodes.add(s.node);
            if (n.ready()) {
                double tdp = n.model().tdpWatts();
                metrics.put(n.name(), new NodeMetrics(n.utilisation(), Metrics.peakUtilisation(n, now, dvfsWindowMillis), n.raplWatts(), tdp, tdp));
            }
            if (s.podsVersion != n.podsVersion()) {
                List<PodSnapshot> bound = new ArrayList<>(n.pods().size());
                for (SimPod p : n.pods()) {
                    bound.add(pod(p));
                }
                s.pods = NodePods.of(bound);
                s.podsVersion = n.podsVersion();
            }
            if (!s.pods.all().isEmpty()) {
                pods.put(n.name(), s.pods);
            }
        }
        List<PodSnapshot> pending = new ArrayList<>();
        for (SimPod p : sim.pending()) {
            pending.add(pod(p));
        }
        List<DisruptionBudget> budgets = new ArrayList<>();
        for (Budget b : sim.budgets().values()) {
            budgets.add(new DisruptionBudget(b.namespace(), b.name(), sim.disruptionsAllowed(b)));
        }
        return ClusterSnapshot.ofGroups(EPOCH.plusMillis(now), nodes, pods, pending, budgets, metrics);
    }

    private static NodeSnapshot node(SimNode n) {
        List<Taint> taints = new ArrayList<>();
        for (io.escheduler.simulator.cluster.Taint t : n.taints()) {
            taints.add(new Taint(t.key(), t.value(), t.effect()));
        }
        Map<ActionKind, String> blocked = new EnumMap<>(ActionKind.class);
        for (Control control : Control.values()) {
            String mark = n.annotations().get(NodeSnapshot.failedAnnotation(control));
            if (control.failureTracked() && mark != null) {
                for (ActionKind kind : ActionKind.values()) {
                    if (kind.control() == control) {
                        blocked.put(kind, "annotated " + NodeSnapshot.failedAnnotation(control) + ": " + mark);
                    }
                }
            }
        }
        return new NodeSnapshot(n.name(), n.labels(), n.controlPlane(), false, n.unschedulable(), n.ready(), n.poweredOffMark(),
                new Resources(n.type().cpuMillis(), n.type().memoryMiB() << 20, 0, Map.of()), n.type().maxPods(), taints, n.cpufreqLowered(),
                n.capped(), n.cpufreqLowered() ? OptionalLong.of(n.ceilingKhz()) : OptionalLong.empty(),
                n.capped() ? OptionalDouble.of(n.limitWatts()) : OptionalDouble.empty(), blocked);
    }

    private PodSnapshot pod(SimPod p) {
        if (p.snapshotRevision == p.revision() && p.snapshot != null) {
            return (PodSnapshot) p.snapshot;
        }
        PodSpec s = p.spec();
        boolean running = p.phase() == SimPod.Phase.RUNNING;
        List<Toleration> tolerations = new ArrayList<>();
        for (io.escheduler.simulator.cluster.Taint t : s.tolerations()) {
            tolerations.add(new Toleration(t.key(), t.value().isEmpty() ? "Exists" : "Equal", t.value(), t.effect()));
        }
        List<NodeRequirement> selector = new ArrayList<>();
        s.nodeSelector().forEach((k, v) -> selector.add(new NodeRequirement(k, "In", List.of(v))));
        PodSnapshot snapshot = new PodSnapshot(s.namespace(), p.name(), running ? p.node().name() : null, running ? PodPhase.RUNNING : PodPhase.PENDING,
                new Resources(s.cpuRequestMillis(), s.memoryRequestMiB() << 20, 0, Map.of()), owner(s),
                false, false, budgets(s), !running && p.unschedulableMessage() != null ? SchedulingMessages.parse(p.unschedulableMessage()) : null,
                tolerations, selector.isEmpty() ? NodeAffinity.ANY : new NodeAffinity(selector, List.of()));
        p.snapshot = snapshot;
        p.snapshotRevision = p.revision();
        return snapshot;
    }

    private List<String> budgets(PodSpec s) {
        if (s.budget() == null) {
            return List.of();
        }
        return budgetKeys.computeIfAbsent(s.budget(), b -> List.of(b.key()));
    }

    private static OwnerKind owner(PodSpec s) {
        return switch (s.owner()) {
            case REPLICA_SET -> OwnerKind.REPLICA_SET;
            case STATEFUL_SET -> OwnerKind.STATEFUL_SET;
            case JOB -> OwnerKind.JOB;
            case DAEMON_SET -> OwnerKind.DAEMON_SET;
            case NONE -> OwnerKind.NONE;
        };
    }
}
