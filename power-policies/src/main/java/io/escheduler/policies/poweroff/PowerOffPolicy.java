package io.escheduler.policies.poweroff;

import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Figures;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.plan.Skip;
import io.escheduler.policies.rails.NodeGuards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 2, item 2: a running node with no pods → power it off. DaemonSet and static pods do not count (they run
 * on every node); the node must have been so for the grace period ({@link PolicyState#emptySince}). It is
 * cordoned first, so that the scheduler sends it nothing while it goes down. A node no power driver can switch off
 * ({@link NodeSnapshot#blocker}) is left alone, with that reason.
 */
public final class PowerOffPolicy implements Policy {

    private final PowerOffConfig config;

    public PowerOffPolicy(PowerOffConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.POWER_OFF;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on() || !snapshot.workloadOn(node.name()).isEmpty()) {
                continue;
            }
            String guard = NodeGuards.keepOn(node);
            if (guard != null) {
                skipped.add(Skip.node(node.name(), "runs no workload, but: " + guard));
                continue;
            }
            String blocked = node.blocker(ActionKind.POWER_OFF);
            if (blocked != null) {
                skipped.add(Skip.node(node.name(), "runs no workload, but cannot be powered off: " + blocked));
                continue;
            }
            Instant since = state.emptySince(node.name()) == null ? now : state.emptySince(node.name());
            Instant due = since.plus(config.gracePeriod());
            if (due.isAfter(now)) {
                skipped.add(Skip.node(node.name(), "runs no workload since " + since + ": grace period "
                        + Figures.duration(config.gracePeriod()) + " ends at " + due));
                continue;
            }
            String reason = "no workload pods since " + since + " (grace period " + Figures.duration(config.gracePeriod())
                    + "; DaemonSet and static pods do not count)";
            actions.add(Action.onNode(ActionKind.CORDON, node.name(), reason));
            actions.add(Action.onNode(ActionKind.POWER_OFF, node.name(), reason));
        }
        return new Plan(name(), now, actions, skipped);
    }
}
