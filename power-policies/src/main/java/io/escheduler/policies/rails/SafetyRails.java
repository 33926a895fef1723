package io.escheduler.policies.rails;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.FailedAction;
import io.escheduler.policies.FailureRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.UnderWay;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rails every plan passes before anything is done, applied once over all policies' plans of a cycle (the
 * executor calls it; {@code GET /v1/plans} can show its verdict). Each node change (a node's actions in one plan)
 * is admitted or refused whole, in plan order then action order, and a refusal becomes a skip with its reason:
 * <ol>
 * <li>the node exists, no change is under way on it ({@link PolicyState#underWay}: a power-off waiting for its drain),
 *     and it is not a control-plane node; a power-off also needs no {@code do-not-power-off};</li>
 * <li>the executor can do every kind of action of the change on the node ({@link NodeSnapshot#blocker}: a power
 *     driver that can switch it);</li>
 * <li>no other plan changed the node in this cycle; a node that receives pods is not cordoned or powered off, and
 *     pods are not sent to a node that is; a node that any plan of the cycle sends pods to is not slowed or capped in
 *     that cycle (its load is judged again, with those pods, at the next); a node another policy keeps in reserve
 *     ({@code reserved}, dvfs-migration's idle reserve) is not powered off or emptied. Each such refusal names the
 *     policy that prevailed;</li>
 * <li>every evicted pod is evictable ({@link Evictability}) and the budgets allow the evictions together
 *     ({@link BudgetLedger}, shared by all plans of the cycle);</li>
 * <li>no action of the same control on the node within the cooldown, nor within the failure backoff after that
 *     control failed on the node ({@link RailsConfig#backoff});</li>
 * <li>a power-off leaves at least {@code minNodesOn} nodes on (a node waiting to be powered off no longer counts);</li>
 * <li>at most {@code maxChanges} node changes per {@code interval}, executed ones included.</li>
 * </ol>
 */
public final class SafetyRails {

    private final RailsConfig config;

    public SafetyRails(RailsConfig config) {
        this.config = config;
    }

    /** {@code plans} with every change the rails refuse removed and explained. */
    public List<Plan> apply(List<Plan> plans, ClusterSnapshot snapshot, PolicyState state, Instant now) {
        return apply(plans, snapshot, state, now, Map.of());
    }

    /**
     * {@code plans} with every change the rails refuse removed and explained; {@code reserved}: nodes a policy keeps for
     * itself this cycle (node → why, naming the policy), which no plan may power off or empty.
     */
    public List<Plan> apply(List<Plan> plans, ClusterSnapshot snapshot, PolicyState state, Instant now, Map<String, String> reserved) {
        Cycle cycle = new Cycle(snapshot, state, now, incoming(plans), reserved);
        List<Plan> out = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            Map<String, List<Action>> changes = new LinkedHashMap<>();
            for (Action action : plan.actions()) {
                changes.computeIfAbsent(action.node(), n -> new ArrayList<>()).add(action);
            }
            Map<String, String> refused = new LinkedHashMap<>();
            changes.forEach((node, actions) -> {
                String reason = cycle.admit(plan, node, actions);
                if (reason != null) {
                    refused.put(node, "safety rails: " + reason);
                }
            });
            out.add(plan.without(refused));
        }
        return out;
    }

    /** {@code state} after the executor carried out {@code plan} at {@code at}. */
    public PolicyState executed(PolicyState state, Plan plan, Instant at) {
        return executed(state, plan, List.of(), at);
    }

    /** {@code state} after the executor carried out {@code done} and saw {@code failed} fail, at {@code at}. */
    public PolicyState executed(PolicyState state, Plan done, List<FailedAction> failed, Instant at) {
        return state.executed(done, failed, at, at.minus(config.interval()));
    }

    /**
     * {@code state} after the executor carried out {@code done} and saw {@code failed} fail, at {@code at}, the nodes of
     * {@code changed} counting in the action budget.
     */
    public PolicyState executed(PolicyState state, Plan done, List<FailedAction> failed, Collection<String> changed, Instant at) {
        return state.executed(done, failed, changed, at, at.minus(config.interval()));
    }

    /** Every node some plan sends pods to, with the first such plan's policy. */
    private static Map<String, PolicyName> incoming(List<Plan> plans) {
        Map<String, PolicyName> out = new HashMap<>();
        for (Plan plan : plans) {
            for (Action action : plan.actions()) {
                if (action.kind() == ActionKind.EVICT && action.target() != null) {
                    out.putIfAbsent(action.target(), plan.policy());
                }
            }
        }
        return out;
    }

    /** What one cycle has admitted so far. */
    private final class Cycle {
        private final ClusterSnapshot snapshot;
        private final PolicyState state;
        private final Instant now;
        private final BudgetLedger budgets;
        /** Node → the policy (and what) that changes it in this cycle. */
        private final Map<String, String> changed = new HashMap<>();
        private final Map<String, PolicyName> leaving = new HashMap<>();
        private final Map<String, PolicyName> receiving = new HashMap<>();
        private final Map<String, PolicyName> incoming;
        private final Map<String, String> reserved;
        private int nodesOn;
        private int changesLeft;

        Cycle(ClusterSnapshot snapshot, PolicyState state, Instant now, Map<String, PolicyName> incoming, Map<String, String> reserved) {
            this.snapshot = snapshot;
            this.state = state;
            this.now = now;
            this.incoming = incoming;
            this.reserved = reserved;
            this.budgets = new BudgetLedger(snapshot);
            this.nodesOn = (int) snapshot.nodes().stream().filter(n -> n.on() && !poweringOff(n.name())).count();
            this.changesLeft = config.maxChanges() - state.changesSince(now.minus(config.interval()));
        }

        /** Admits {@code node}'s change, or says why not. */
        String admit(Plan plan, String nodeName, List<Action> actions) {
            NodeSnapshot node = snapshot.node(nodeName);
            if (node == null) {
                return "node " + nodeName + " no longer exists";
            }
            UnderWay underWay = state.underWay(nodeName);
            if (underWay != null) {
                return "a change is under way on this node: " + underWay.describe();
            }
            Set<ActionKind> kinds = EnumSet.noneOf(ActionKind.class);
            actions.forEach(a -> kinds.add(a.kind()));
            boolean powerOff = kinds.contains(ActionKind.POWER_OFF);
            boolean leaves = powerOff || kinds.contains(ActionKind.CORDON);
            String guard = powerOff ? NodeGuards.keepOn(node) : NodeGuards.untouchable(node);
            if (guard != null) {
                return guard;
            }
            for (ActionKind kind : kinds) {
                String blocked = node.blocker(kind);
                if (blocked != null) {
                    return "cannot " + kind.wireName() + ": " + blocked;
                }
            }
            if (changed.containsKey(nodeName)) {
                return changed.get(nodeName) + " this node in this cycle";
            }
            if (leaves && receiving.containsKey(nodeName)) {
                return receiving.get(nodeName).wireName() + " plans pods onto this node in this cycle";
            }
            if (leaves && reserved.containsKey(nodeName)) {
                return reserved.get(nodeName);
            }
            boolean slows = kinds.contains(ActionKind.SET_CPUFREQ) || kinds.contains(ActionKind.SET_POWER_LIMIT);
            PolicyName sender = incoming.get(nodeName);
            if (slows && sender != null && sender != plan.policy()) {
                return sender.wireName() + " plans pods onto this node in this cycle: it is not slowed or capped while it receives them, "
                        + "and is judged on its load with them at the next cycle";
            }
            List<PodSnapshot> evicted = new ArrayList<>();
            Set<String> targets = new HashSet<>();
            for (Action action : actions) {
                if (action.kind() != ActionKind.EVICT) {
                    continue;
                }
                if (leaving.containsKey(action.target())) {
                    return "target " + action.target() + " is cordoned or powered off by " + leaving.get(action.target()).wireName() + " in this cycle";
                }
                PodSnapshot pod = find(nodeName, action.namespace(), action.pod());
                if (pod == null) {
                    return "pod " + action.namespace() + "/" + action.pod() + " is no longer on this node";
                }
                String blocker = Evictability.blocker(pod);
                if (blocker != null) {
                    return blocker;
                }
                evicted.add(pod);
                targets.add(action.target());
            }
            String budget = budgets.refusal(evicted);
            if (budget != null) {
                return budget;
            }
            for (Action action : actions) {
                String cooling = cooldown(nodeName, action.kind().control());
                if (cooling == null) {
                    cooling = backoff(nodeName, action.kind().control());
                }
                if (cooling != null) {
                    return cooling;
                }
            }
            if (powerOff && node.on() && nodesOn - 1 < config.minNodesOn()) {
                return "powering it off would leave " + (nodesOn - 1) + " nodes on (minimum " + config.minNodesOn() + ")";
            }
            if (changesLeft <= 0) {
                return "at most " + config.maxChanges() + " node changes per " + config.interval() + ", all used";
            }
            changed.put(nodeName, plan.policy().wireName() + " changes");
            if (leaves) {
                leaving.put(nodeName, plan.policy());
            }
            targets.forEach(t -> receiving.putIfAbsent(t, plan.policy()));
            budgets.spend(evicted);
            if (powerOff && node.on()) {
                nodesOn--;
            }
            changesLeft--;
            return null;
        }

        private boolean poweringOff(String node) {
            UnderWay underWay = state.underWay(node);
            return underWay != null && underWay.waiting() == ActionKind.POWER_OFF;
        }

        private String cooldown(String node, Control control) {
            ActionRecord last = state.lastAction(node, control);
            if (last == null || !last.at().plus(config.cooldown()).isAfter(now)) {
                return null;
            }
            return "cooldown: " + last.policy().wireName() + " did " + last.kind().wireName() + " at " + last.at()
                    + ", nothing more on its " + control.wireName() + " before "
                    + last.at().plus(config.cooldown());
        }

        private String backoff(String node, Control control) {
            FailureRecord failed = state.failures(node, control);
            if (failed == null) {
                return null;
            }
            Instant retry = failed.at().plus(config.backoff(failed.count()));
            if (!retry.isAfter(now)) {
                return null;
            }
            String detail = failed.detail() == null ? "" : failed.detail();
            return "backoff: " + failed.policy().wireName() + "'s " + failed.kind().wireName() + " failed " + failed.count()
                    + (failed.count() == 1 ? " time" : " times in a row") + ", last at " + failed.at() + " ("
                    + (detail.length() > 240 ? "…" + detail.substring(detail.length() - 240) : detail) + "); its " + control.wireName()
                    + " is not tried again before " + retry + " (after " + config.maxFailures() + " failures in a row the node is marked "
                    + NodeSnapshot.failedAnnotation(control) + ")";
        }

        private PodSnapshot find(String node, String namespace, String name) {
            for (PodSnapshot pod : snapshot.podsOn(node)) {
                if (pod.name().equals(name) && pod.namespace().equals(namespace)) {
                    return pod;
                }
            }
            return null;
        }
    }
}
