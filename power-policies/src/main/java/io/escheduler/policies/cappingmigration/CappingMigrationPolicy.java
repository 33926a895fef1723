package io.escheduler.policies.cappingmigration;

import io.escheduler.policies.ActionRecord;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.capping.CappingPolicy;
import io.escheduler.policies.capping.CappingThresholds;
import io.escheduler.policies.fit.FreeCapacity;
import io.escheduler.policies.fit.PodOrder;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
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
import java.util.List;
import java.util.Map;

/**
 * Seed 2, item 5 (capping migration): a node above the power threshold first sheds {@code num} pods; if its power
 * is still above once the settle time has passed since the shed, it is capped. A capped node below the lift
 * threshold has its cap lifted, as with the capping policy.
 *
 * <p>Phases come from {@link PolicyState}: the node's last executed placement action by this policy, if within
 * {@code shedValidFor}, is the shed; before {@code settle} has passed the node waits. A node with nothing to shed
 * (no evictable pod, or none fits elsewhere) is capped at once. Shed pods go largest CPU request first to the
 * running node with the lowest power relative to its maximum that accepts and fits them; nodes themselves above
 * the threshold, or without power figures, take none.
 */
public final class CappingMigrationPolicy implements Policy {

    private final CappingMigrationConfig config;

    public CappingMigrationPolicy(CappingMigrationConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.CAPPING_MIGRATION;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        CappingThresholds thresholds = config.thresholds();
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<NodeSnapshot> over = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on()) {
                continue;
            }
            Action decision = CappingPolicy.decide(node, snapshot.metrics(node.name()), thresholds, skipped);
            if (decision == null) {
                continue;
            }
            String guard = NodeGuards.untouchable(node);
            if (guard != null) {
                skipped.add(Skip.node(node.name(), decision.kind().wireName() + " wanted (" + decision.reason() + "), but: " + guard));
            } else if (decision.kind() == ActionKind.LIFT_POWER_LIMIT) {
                actions.add(decision);
            } else {
                over.add(node);
            }
        }
        if (over.isEmpty()) {
            return new Plan(name(), now, actions, skipped);
        }
        Map<String, Double> load = new HashMap<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            NodeMetrics m = snapshot.metrics(node.name());
            if (node.on() && m != null && thresholds.maxWatts(m) > 0) {
                load.put(node.name(), m.powerWatts() / thresholds.maxWatts(m));
            }
        }
        double limit = thresholds.abovePercent() / 100;
        List<NodeSnapshot> targets = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (load.containsKey(node.name()) && load.get(node.name()) <= limit && !node.unschedulable()) {
                targets.add(node);
            }
        }
        targets.sort(Comparator.comparingDouble((NodeSnapshot n) -> load.get(n.name())).thenComparing(NodeSnapshot::name));
        FreeCapacity capacity = new FreeCapacity(snapshot);
        BudgetLedger budgets = new BudgetLedger(snapshot);
        for (NodeSnapshot node : over) {
            Action cap = CappingPolicy.decide(node, snapshot.metrics(node.name()), thresholds, new ArrayList<>());
            ActionRecord shed = state.lastAction(node.name(), Control.PLACEMENT);
            if (shed != null && shed.policy() == name() && shed.at().plus(config.shedValidFor()).isAfter(now)) {
                Instant settled = shed.at().plus(config.settle());
                if (settled.isAfter(now)) {
                    skipped.add(Skip.node(node.name(), cap.reason() + "; shed pods at " + shed.at() + ", waiting until "
                            + settled + " for the power to settle"));
                } else {
                    actions.add(withReason(cap, cap.reason() + ", still, " + Figures.duration(config.settle())
                            + " after shedding pods at " + shed.at()));
                }
                continue;
            }
            List<Action> evictions = shed(snapshot, node, targets, capacity, budgets);
            if (evictions.isEmpty()) {
                actions.add(withReason(cap, cap.reason() + "; no pod can move elsewhere, so capped at once"));
                continue;
            }
            actions.add(Action.onNode(ActionKind.CORDON, node.name(), cap.reason() + ": shedding " + evictions.size()
                    + (evictions.size() == 1 ? " pod" : " pods") + " first, capped after " + Figures.duration(config.settle())
                    + " if still above"));
            actions.addAll(evictions);
            actions.add(Action.onNode(ActionKind.UNCORDON, node.name(), "once the shed pods run elsewhere"));
        }
        return new Plan(name(), now, actions, skipped);
    }

    private List<Action> shed(ClusterSnapshot snapshot, NodeSnapshot node, List<NodeSnapshot> targets, FreeCapacity capacity,
                              BudgetLedger budgets) {
        List<PodSnapshot> movable = new ArrayList<>();
        for (PodSnapshot pod : snapshot.podsOn(node.name())) {
            if (Evictability.rebalanceBlocker(pod) == null) {
                movable.add(pod);
            }
        }
        movable.sort(PodOrder.LARGEST_FIRST);
        List<Action> evictions = new ArrayList<>();
        for (PodSnapshot pod : movable) {
            if (evictions.size() == config.num()) {
                break;
            }
            if (budgets.refusal(List.of(pod)) != null) {
                continue;
            }
            for (NodeSnapshot target : targets) {
                if (target != node && capacity.fits(pod, target)) {
                    capacity.move(pod, target.name());
                    budgets.spend(List.of(pod));
                    evictions.add(Action.evict(node.name(), pod.namespace(), pod.name(), target.name(), "sheds "
                            + pod.requests() + " from " + node.name() + " to " + target.name() + ", the node with the lowest power share that fits it"));
                    break;
                }
            }
        }
        return evictions;
    }

    private static Action withReason(Action action, String reason) {
        return new Action(action.kind(), action.node(), action.namespace(), action.pod(), action.target(), action.value(), reason);
    }
}
