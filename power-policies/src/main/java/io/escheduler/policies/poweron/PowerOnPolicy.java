package io.escheduler.policies.poweron;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.fit.PodOrder;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.model.Taint;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Figures;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Seed 2, item 2: pods the scheduler refused for lack of resources ({@code Insufficient cpu|memory|…},
 * {@code Too many pods}) → the fewest powered-off nodes whose capacity holds them. A pod refused only for other
 * reasons (taints, node affinity, volumes) gets no node: more nodes of the same kind would not help.
 *
 * <p>Packing is greedy first-fit decreasing (exact minimisation is bin packing, NP-hard): pods largest first
 * (cpu, then memory); each goes to the first node already on its way (powered on within the boot timeout and
 * not Ready yet, then the nodes this plan powers on, in order), else to the largest powered-off node (cpu, then
 * memory, then name) it fits on empty, which this plan powers on. A node "fits" when the pod's node selector and
 * required node affinity match its labels, it tolerates its taints (but the NotReady/unreachable/unschedulable
 * taints a powered-off node carries, which go when it boots), and its requests fit the node's allocatable minus
 * what the plan already put there. Powered-off nodes no power driver can switch on ({@link NodeSnapshot#blocker})
 * are no candidates; each is skipped with the reason.
 */
public final class PowerOnPolicy implements Policy {

    /** Taints the node lifecycle controller and the executor's cordon put on a node that is off; they go when it boots. */
    private static final Set<String> BOOT_TAINTS = Set.of("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unschedulable");

    private static final Comparator<NodeSnapshot> LARGEST_FIRST = Comparator
            .comparingLong((NodeSnapshot n) -> n.allocatable().cpuMillis()).reversed()
            .thenComparing(Comparator.comparingLong((NodeSnapshot n) -> n.allocatable().memoryBytes()).reversed())
            .thenComparing(NodeSnapshot::name);

    private final PowerOnConfig config;

    public PowerOnPolicy(PowerOnConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.POWER_ON;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        List<Skip> skipped = new ArrayList<>();
        List<PodSnapshot> pods = new ArrayList<>();
        for (PodSnapshot pod : snapshot.unscheduled()) {
            if (pod.failure() == null) {
                continue;
            }
            if (pod.failure().insufficientResources()) {
                pods.add(pod);
            } else {
                skipped.add(Skip.pod(pod.key(), "unschedulable for other reasons than capacity: "
                        + String.join("; ", pod.failure().otherReasons())));
            }
        }
        if (pods.isEmpty()) {
            return new Plan(name(), now, List.of(), skipped);
        }
        pods.sort(PodOrder.LARGEST_FIRST);
        List<Bin> open = new ArrayList<>();
        List<NodeSnapshot> off = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            ActionRecord last = state.lastAction(node.name(), Control.POWER);
            if (node.poweredOff() && last != null && last.at().plus(config.cooldown()).isAfter(now)) {
                skipped.add(Skip.node(node.name(), "cooling down: " + last.policy().wireName() + " did " + last.kind().wireName()
                        + " at " + last.at() + ", not powered on before " + last.at().plus(config.cooldown())));
            } else if (node.poweredOff() && node.blocker(ActionKind.POWER_ON) != null) {
                skipped.add(Skip.node(node.name(), "powered off, but cannot be powered on: " + node.blocker(ActionKind.POWER_ON)));
            } else if (node.poweredOff()) {
                off.add(node);
            } else if (!node.ready() && booting(node, state, now)) {
                open.add(new Bin(node, snapshot.podsOn(node.name()), false));
            }
        }
        off.sort(LARGEST_FIRST);
        for (PodSnapshot pod : pods) {
            Bin bin = firstFit(open, pod);
            if (bin == null) {
                NodeSnapshot node = off.stream().filter(n -> new Bin(n, List.of(), true).fits(pod)).findFirst().orElse(null);
                if (node == null) {
                    skipped.add(Skip.pod(pod.key(), "no powered-off node can hold it (needs " + pod.requests()
                            + "; insufficient " + String.join(", ", pod.failure().insufficient()) + ")"));
                    continue;
                }
                off.remove(node);
                bin = new Bin(node, List.of(), true);
                open.add(bin);
            }
            bin.add(pod);
        }
        List<Action> actions = new ArrayList<>();
        for (Bin bin : open) {
            if (!bin.poweredOnHere) {
                bin.pods.forEach(p -> skipped.add(Skip.pod(p, "waits for " + bin.node.name() + ", powered on at "
                        + state.lastAction(bin.node.name(), Control.POWER).at())));
            } else if (!bin.pods.isEmpty()) {
                actions.add(Action.onNode(ActionKind.POWER_ON, bin.node.name(), "pending for lack of resources, fit here: "
                        + Figures.some(bin.pods)));
            }
        }
        return new Plan(name(), now, actions, skipped);
    }

    private boolean booting(NodeSnapshot node, PolicyState state, Instant now) {
        ActionRecord last = state.lastAction(node.name(), Control.POWER);
        return last != null && last.kind() == ActionKind.POWER_ON && last.at().plus(config.bootTimeout()).isAfter(now);
    }

    private static Bin firstFit(List<Bin> open, PodSnapshot pod) {
        for (Bin bin : open) {
            if (bin.fits(pod)) {
                return bin;
            }
        }
        return null;
    }

    /** A node that is off or booting, with what this plan put on it. */
    private static final class Bin {
        final NodeSnapshot node;
        final boolean poweredOnHere;
        final List<String> pods = new ArrayList<>();
        Resources free;
        int slots;

        Bin(NodeSnapshot node, List<PodSnapshot> bound, boolean poweredOnHere) {
            this.node = node;
            this.poweredOnHere = poweredOnHere;
            Resources used = Resources.ZERO;
            for (PodSnapshot pod : bound) {
                used = used.plus(pod.requests());
            }
            this.free = node.allocatable().minus(used);
            this.slots = node.maxPods() - bound.size();
        }

        boolean fits(PodSnapshot pod) {
            if (slots <= 0 || !pod.requests().fitsIn(free) || !pod.affinity().matches(node.labels())) {
                return false;
            }
            for (Taint taint : node.taints()) {
                if (taint.repels() && !BOOT_TAINTS.contains(taint.key()) && pod.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                    return false;
                }
            }
            return true;
        }

        void add(PodSnapshot pod) {
            pods.add(pod.key());
            free = free.minus(pod.requests());
            slots--;
        }
    }
}
