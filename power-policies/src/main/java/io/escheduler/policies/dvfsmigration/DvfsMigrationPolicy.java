package io.escheduler.policies.dvfsmigration;

import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.fit.CpuShares;
import io.escheduler.policies.fit.FreeCapacity;
import io.escheduler.policies.fit.PodOrder;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Figures;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.policies.rails.BudgetLedger;
import io.escheduler.policies.rails.Evictability;
import io.escheduler.policies.rails.NodeGuards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seed 2, item 4 (DVFS migration): with {@code reserve} idle nodes kept idle, a node whose CPU utilisation is
 * above the threshold sheds pods to the least-utilised nodes until its projected utilisation is below it.
 *
 * <p>Hot nodes go hottest first. Their evictable pods go largest CPU request first, each to the node with the
 * lowest projected utilisation that accepts it, fits it ({@link FreeCapacity}) and stays below the threshold
 * with it; a pod's load is its request-weighted share of its node's ({@link CpuShares}). Projections are updated
 * with every move, so one plan never overloads a target. The source is cordoned while its pods leave (else the
 * scheduler may put them back) and uncordoned once they run elsewhere.
 */
public final class DvfsMigrationPolicy implements Policy {

    private final DvfsMigrationConfig config;

    public DvfsMigrationPolicy(DvfsMigrationConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.DVFS_MIGRATION;
    }

    /**
     * The reserve: the first {@code reserve} nodes by name that are on, schedulable, measured, not above the threshold and
     * run no workload pods. They take no shed pods, and no other policy powers them off or empties them
     * ({@link io.escheduler.policies.PolicyCycle}).
     */
    public static List<String> reserve(ClusterSnapshot snapshot, DvfsMigrationConfig config) {
        List<String> out = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (out.size() >= config.reserve()) {
                break;
            }
            if (!node.on() || node.unschedulable() || !snapshot.workloadOn(node.name()).isEmpty()) {
                continue;
            }
            NodeMetrics m = snapshot.metrics(node.name());
            if (m != null && m.utilisation() <= config.abovePercent() / 100) {
                out.add(node.name());
            }
        }
        return out;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        double threshold = config.abovePercent() / 100;
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<NodeSnapshot> hot = new ArrayList<>();
        Set<String> reserve = new HashSet<>(reserve(snapshot, config));
        for (NodeSnapshot node : snapshot.nodes()) {
            NodeMetrics m = snapshot.metrics(node.name());
            if (!node.on() || m == null) {
                continue;
            }
            if (m.utilisation() > threshold) {
                hot.add(node);
            } else if (reserve.contains(node.name())) {
                skipped.add(Skip.node(node.name(), "kept idle as reserve"));
            }
        }
        if (hot.isEmpty()) {
            return new Plan(name(), now, actions, skipped);
        }
        Map<String, Double> projected = new HashMap<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            NodeMetrics m = snapshot.metrics(node.name());
            if (node.on() && m != null) {
                projected.put(node.name(), m.utilisation());
            }
        }
        hot.sort(Comparator.comparingDouble((NodeSnapshot n) -> -projected.get(n.name())).thenComparing(NodeSnapshot::name));
        Comparator<NodeSnapshot> coolest = Comparator.comparingDouble((NodeSnapshot n) -> projected.get(n.name())).thenComparing(NodeSnapshot::name);
        TreeSet<NodeSnapshot> targets = new TreeSet<>(coolest);
        for (NodeSnapshot node : snapshot.nodes()) {
            if (projected.containsKey(node.name()) && !reserve.contains(node.name()) && !node.unschedulable()
                    && projected.get(node.name()) < threshold) {
                targets.add(node);
            }
        }
        FreeCapacity capacity = new FreeCapacity(snapshot);
        BudgetLedger budgets = new BudgetLedger(snapshot);
        for (NodeSnapshot source : hot) {
            String guard = NodeGuards.untouchable(source);
            if (guard != null) {
                skipped.add(Skip.node(source.name(), "utilisation " + Figures.percent(projected.get(source.name()))
                        + " above " + Figures.percent(threshold) + ", but: " + guard));
                continue;
            }
            shed(snapshot, source, threshold, projected, targets, capacity, budgets, actions, skipped);
        }
        return new Plan(name(), now, actions, skipped);
    }

    private static void shed(ClusterSnapshot snapshot, NodeSnapshot source, double threshold, Map<String, Double> projected,
                             TreeSet<NodeSnapshot> targets, FreeCapacity capacity, BudgetLedger budgets,
                             List<Action> actions, List<Skip> skipped) {
        NodeMetrics metrics = snapshot.metrics(source.name());
        List<PodSnapshot> pods = snapshot.podsOn(source.name());
        List<PodSnapshot> movable = new ArrayList<>();
        String lastBlocker = null;
        for (PodSnapshot pod : pods) {
            String blocker = Evictability.rebalanceBlocker(pod);
            if (blocker == null) {
                movable.add(pod);
            } else if (pod.workload()) {
                lastBlocker = blocker;
            }
        }
        movable.sort(PodOrder.LARGEST_FIRST);
        double start = projected.get(source.name());
        double left = start;
        List<Action> evictions = new ArrayList<>();
        for (PodSnapshot pod : movable) {
            if (left <= threshold) {
                break;
            }
            if (budgets.refusal(List.of(pod)) != null) {
                lastBlocker = budgets.refusal(List.of(pod));
                continue;
            }
            double busy = CpuShares.busyMillis(pod, source, metrics, pods);
            NodeSnapshot target = coolestTaker(pod, busy, threshold, projected, targets, capacity);
            if (target == null) {
                lastBlocker = "pod " + pod.key() + " fits on no node that would stay below " + Figures.percent(threshold);
                continue;
            }
            targets.remove(target);
            projected.merge(target.name(), CpuShares.utilisation(busy, target), Double::sum);
            targets.add(target);
            capacity.move(pod, target.name());
            budgets.spend(List.of(pod));
            left -= CpuShares.utilisation(busy, source);
            evictions.add(Action.evict(source.name(), pod.namespace(), pod.name(), target.name(), "sheds about "
                    + Figures.percent(CpuShares.utilisation(busy, source)) + " of " + source.name() + "'s CPU to "
                    + target.name() + ", projected there at " + Figures.percent(projected.get(target.name()))));
        }
        projected.put(source.name(), left);
        String why = "CPU utilisation " + Figures.percent(start) + " above " + Figures.percent(threshold);
        if (evictions.isEmpty()) {
            skipped.add(Skip.node(source.name(), why + ", but no pod can move" + (lastBlocker == null ? "" : ": " + lastBlocker)));
            return;
        }
        String outcome = left <= threshold ? "; projected at " + Figures.percent(left) + " after the moves"
                : "; still projected at " + Figures.percent(left) + ": no more pods can move" + (lastBlocker == null ? "" : " (" + lastBlocker + ")");
        actions.add(Action.onNode(ActionKind.CORDON, source.name(), why + outcome));
        actions.addAll(evictions);
        actions.add(Action.onNode(ActionKind.UNCORDON, source.name(), "once the shed pods run elsewhere"));
    }

    private static NodeSnapshot coolestTaker(PodSnapshot pod, double busyMillis, double threshold, Map<String, Double> projected,
                                             TreeSet<NodeSnapshot> targets, FreeCapacity capacity) {
        for (NodeSnapshot target : targets) {
            if (projected.get(target.name()) >= threshold) {
                return null;
            }
            double after = projected.get(target.name()) + CpuShares.utilisation(busyMillis, target);
            if (after < threshold && !target.name().equals(pod.node()) && capacity.fits(pod, target)) {
                return target;
            }
        }
        return null;
    }
}
