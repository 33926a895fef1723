package io.escheduler.policies.consolidation;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.fit.FreeCapacity;
import io.escheduler.policies.fit.PodOrder;
import io.escheduler.policies.fit.SortKeys;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Figures;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.policies.poweroff.PowerOffConfig;
import io.escheduler.policies.rails.BudgetLedger;
import io.escheduler.policies.rails.Evictability;
import io.escheduler.policies.rails.NodeGuards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 2, item 3: the {@code num} running nodes with the fewest workload pods (DaemonSet and static pods do not
 * count; nodes with none are the power-off policy's) are emptied — cordon, evict every pod through the Eviction
 * API — and powered off, when all their pods fit elsewhere.
 *
 * <p>Candidates go by pod count, then name; one that cannot be emptied (a pod that must not be evicted, a budget,
 * a pod that fits nowhere) or powered off (no power driver can, {@link NodeSnapshot#blocker}) is skipped with the
 * reason and the next is tried: nothing is cordoned or evicted for a power-off that cannot happen. Fitting is simulated against free
 * capacity (allocatable minus the requests of the pods there, {@link FreeCapacity}), pods largest first, each on
 * the first node that takes it in most-allocated-first order (least free cpu, then name, as free when planning
 * starts): packing onto busy nodes keeps the emptier ones free for the next candidate. Targets are running,
 * schedulable nodes whose taints the pod tolerates and whose labels its node affinity matches, never a node this
 * plan empties; a node that receives pods is not emptied in the same plan.
 *
 * <p>The other running, schedulable nodes keep {@code consolidation.spare-nodes} times the emptied node's allocatable free
 * after taking its pods. It takes no room the cluster has just shown it needs (Cluster Autoscaler's {@code scale-down-delay-after-add}):
 * no node is emptied while a pod is pending for lack of resources (power-on's case), nor within
 * {@code power-off.grace-period} after a node was last powered on (each candidate is then skipped with that reason, or its own
 * when something else keeps it too: a budget, a do-not-evict pod). Without this, packing every cycle removes the room
 * the next arrivals need, power-on boots a node for them and consolidation empties one again: the simulator's HPC
 * cluster cycled each node four times a day (docs/simulator.md).
 */
public final class ConsolidationPolicy implements Policy {

    private final ConsolidationConfig config;
    private final PowerOffConfig powerOff;

    /** {@code powerOff}: its grace period is also how long after a power-on no node is emptied. */
    public ConsolidationPolicy(ConsolidationConfig config, PowerOffConfig powerOff) {
        this.config = config;
        this.powerOff = powerOff;
    }

    @Override
    public PolicyName name() {
        return PolicyName.CONSOLIDATION;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        if (config.num() == 0) {
            return new Plan(name(), now, actions, List.of(new Skip(null, null, "consolidation.num is 0: no node is emptied")));
        }
        // while the cluster needs its room no node is emptied; each candidate still gets its own reason, the room's
        // unless something else keeps it (a budget, a do-not-evict pod), so that an operator sees both
        String needed = roomNeeded(snapshot, state, now);
        String roomRefusal = needed == null ? null : "not emptied: " + needed;
        FreeCapacity capacity = new FreeCapacity(snapshot);
        BudgetLedger budgets = new BudgetLedger(snapshot);
        SortKeys<NodeSnapshot> byPods = new SortKeys<>(snapshot.nodes().size());
        SortKeys<NodeSnapshot> byFreeCpu = new SortKeys<>(snapshot.nodes().size());
        // the free room of the nodes that may take pods (running, schedulable): what stays must keep a node's worth
        long spareCpu = 0;
        long spareMemory = 0;
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on()) {
                continue;
            }
            int workload = snapshot.workloadOn(node.name()).size();
            if (workload > 0) {
                byPods.add(node, workload);
            }
            if (!node.unschedulable()) {
                byFreeCpu.add(node, capacity.free(node.name()).cpuMillis());
                spareCpu += capacity.free(node.name()).cpuMillis();
                spareMemory += capacity.free(node.name()).memoryBytes();
            }
        }
        // nodes come by name: ties stay so
        List<NodeSnapshot> candidates = byPods.ascending();
        List<NodeSnapshot> targets = byFreeCpu.ascending();
        long[] freeCpu = byFreeCpu.ascendingKeys();

        Set<String> emptied = new HashSet<>();
        Set<String> receiving = new HashSet<>();
        for (NodeSnapshot node : candidates) {
            if (emptied.size() == config.num()) {
                break;
            }
            List<PodSnapshot> pods = snapshot.workloadOn(node.name());
            String refusal = refusal(node, pods, snapshot.group(node.name()).workloadBudgets(), receiving, budgets);
            if (refusal == null && roomRefusal != null) {
                skipped.add(Skip.node(node.name(), roomRefusal));
                continue;
            }
            // its pods take room elsewhere, and its own free room goes with it: all of its allocatable leaves the spare
            long cpuAfter = spareCpu - allocatableLeaving(node, capacity, pods).cpuMillis();
            long memoryAfter = spareMemory - allocatableLeaving(node, capacity, pods).memoryBytes();
            long spares = config.spareNodes();
            if (refusal == null && (cpuAfter < spares * node.allocatable().cpuMillis() || memoryAfter < spares * node.allocatable().memoryBytes())) {
                refusal = "not emptied: the other running nodes would keep " + Resources.of(Math.max(0, cpuAfter), Math.max(0, memoryAfter))
                        + " free, less than consolidation.spare-nodes=" + spares + " times its own " + node.allocatable()
                        + " (room for the next pods, so that power-on need not boot a node for them)";
            }
            if (refusal != null) {
                skipped.add(Skip.node(node.name(), refusal));
                continue;
            }
            List<PodSnapshot> order = new ArrayList<>(pods);
            order.sort(PodOrder.LARGEST_FIRST);
            Map<PodSnapshot, String> moves = new HashMap<>();
            PodSnapshot stuck = null;
            for (PodSnapshot pod : order) {
                String target = firstFit(pod, node, targets, freeCpu, emptied, capacity);
                if (target == null) {
                    stuck = pod;
                    break;
                }
                capacity.move(pod, target);
                moves.put(pod, target);
            }
            if (stuck != null) {
                moves.forEach(capacity::undo);
                skipped.add(Skip.node(node.name(), "cannot be emptied: pod " + stuck.key() + " (" + stuck.requests()
                        + ") fits on no other running node"));
                continue;
            }
            emptied.add(node.name());
            spareCpu = cpuAfter;
            spareMemory = memoryAfter;
            receiving.addAll(moves.values());
            budgets.spend(pods);
            String why = "runs " + pods.size() + (pods.size() == 1 ? " pod" : " pods")
                    + ", among the fewest, and every one fits on another node";
            actions.add(Action.onNode(ActionKind.CORDON, node.name(), why));
            for (PodSnapshot pod : order) {
                actions.add(Action.evict(node.name(), pod.namespace(), pod.name(), moves.get(pod),
                        "emptying " + node.name() + "; " + pod.requests() + " fit on " + moves.get(pod)));
            }
            actions.add(Action.onNode(ActionKind.POWER_OFF, node.name(), why));
        }
        leftAlone(snapshot, emptied, receiving, skipped);
        return new Plan(name(), now, actions, skipped);
    }

    /** What emptying {@code node} takes from the spare room: its pods' requests, and its own free room if it could take pods. */
    private static Resources allocatableLeaving(NodeSnapshot node, FreeCapacity capacity, List<PodSnapshot> pods) {
        Resources requested = Resources.ZERO;
        for (PodSnapshot pod : pods) {
            requested = requested.plus(pod.requests());
        }
        return node.unschedulable() ? requested : requested.plus(capacity.free(node.name()));
    }

    /**
     * Why the cluster needs the room it has now, or null: a pod pending for lack of resources, or a node powered on
     * less than {@code power-off.grace-period} ago (the latest such).
     */
    private String roomNeeded(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        for (PodSnapshot pod : snapshot.unscheduled()) {
            if (pod.failure() != null && pod.failure().insufficientResources()) {
                return "pod " + pod.key() + " is pending for lack of resources (" + String.join(", ", pod.failure().insufficient())
                        + "): no node is emptied while the cluster lacks room";
            }
        }
        String node = null;
        Instant latest = null;
        for (NodeSnapshot n : snapshot.nodes()) {
            ActionRecord last = state.lastAction(n.name(), Control.POWER);
            if (last != null && last.kind() == ActionKind.POWER_ON && (latest == null || last.at().isAfter(latest))) {
                node = n.name();
                latest = last.at();
            }
        }
        if (latest != null && latest.plus(powerOff.gracePeriod()).isAfter(now)) {
            return node + " was powered on at " + latest + ": the cluster needed room; no node is emptied before "
                    + latest.plus(powerOff.gracePeriod()) + " (power-off.grace-period " + Figures.duration(powerOff.gracePeriod()) + ")";
        }
        return null;
    }

    /** A reason for every node this plan neither empties nor already explained: every plan explains every node. */
    private void leftAlone(ClusterSnapshot snapshot, Set<String> emptied, Set<String> receiving, List<Skip> skipped) {
        Map<Integer, String> beyondNum = new HashMap<>();
        Set<String> explained = new HashSet<>();
        skipped.forEach(s -> explained.add(s.node()));
        for (NodeSnapshot node : snapshot.nodes()) {
            String name = node.name();
            if (emptied.contains(name) || explained.contains(name)) {
                continue;
            }
            String reason;
            if (!node.on()) {
                reason = node.poweredOff() ? "powered off" : "not Ready";
            } else if (snapshot.workloadOn(name).isEmpty()) {
                reason = "runs no workload pods: powering it off is power-off's decision";
            } else if (receiving.contains(name)) {
                reason = "receives pods from a node this plan empties";
            } else {
                // the same few texts for a thousand nodes: made once per pod count
                reason = beyondNum.computeIfAbsent(snapshot.workloadOn(name).size(), pods -> "not emptied: at most consolidation.num="
                        + config.num() + (config.num() == 1 ? " node" : " nodes") + " per cycle, those with the fewest workload pods first (it runs "
                        + pods + ")");
            }
            skipped.add(Skip.node(name, reason));
        }
    }

    /** Why {@code node} cannot be emptied and powered off; {@code disruptions}: what evicting its {@code pods} needs. */
    private static String refusal(NodeSnapshot node, List<PodSnapshot> pods, Map<String, Integer> disruptions, Set<String> receiving,
                                  BudgetLedger budgets) {
        String guard = NodeGuards.keepOn(node);
        if (guard != null) {
            return guard;
        }
        String blocked = node.blocker(ActionKind.POWER_OFF);
        if (blocked != null) {
            return "cannot be powered off: " + blocked;
        }
        if (receiving.contains(node.name())) {
            return "receives pods from another node this plan empties";
        }
        for (PodSnapshot pod : pods) {
            String blocker = Evictability.blocker(pod);
            if (blocker != null) {
                return "cannot be emptied: " + blocker;
            }
        }
        String budget = budgets.refusal(disruptions);
        return budget == null ? null : "cannot be emptied: " + budget;
    }

    /**
     * The first of {@code targets} (by the cpu free when planning started, {@code freeCpu}) that takes {@code pod}. A
     * target's free cpu never rises above its start while the plan packs (pods only arrive on it; a node whose pods
     * leave is the one being emptied, no target), so the search starts at the first target that had room enough.
     */
    private static String firstFit(PodSnapshot pod, NodeSnapshot source, List<NodeSnapshot> targets, long[] freeCpu, Set<String> emptied,
                                   FreeCapacity capacity) {
        for (int i = firstWith(freeCpu, pod.requests().cpuMillis()); i < targets.size(); i++) {
            NodeSnapshot target = targets.get(i);
            if (target != source && !emptied.contains(target.name()) && capacity.fits(pod, target)) {
                return target.name();
            }
        }
        return null;
    }

    /** The first index of ascending {@code values} holding at least {@code wanted}. */
    private static int firstWith(long[] values, long wanted) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < wanted) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
