package io.escheduler.policies.capping;

import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeMetrics;
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
 * Seed 2, item 5: a running node drawing more than a percentage of its maximum power gets a RAPL power limit
 * (through its actuator); a capped node drawing less than the lower percentage gets it lifted. Whether a node is
 * capped is what its actuator publishes ({@code throttle-reason} holds {@code power-limit}).
 */
public final class CappingPolicy implements Policy {

    private final CappingConfig config;

    public CappingPolicy(CappingConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.CAPPING;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on()) {
                continue;
            }
            Action action = decide(node, snapshot.metrics(node.name()), config.thresholds(), skipped);
            if (action == null) {
                continue;
            }
            String guard = NodeGuards.untouchable(node);
            if (guard != null) {
                skipped.add(Skip.node(node.name(), action.kind().wireName() + " wanted (" + action.reason() + "), but: " + guard));
            } else {
                actions.add(action);
            }
        }
        return new Plan(name(), now, actions, skipped);
    }

    /**
     * The capping decision for one node: set a limit, lift it, or nothing (null); a node without power figures
     * is recorded in {@code skipped}.
     */
    public static Action decide(NodeSnapshot node, NodeMetrics m, CappingThresholds t, List<Skip> skipped) {
        if (m == null) {
            skipped.add(Skip.node(node.name(), "no power in Prometheus"));
            return null;
        }
        double max = t.maxWatts(m);
        if (max <= 0) {
            skipped.add(Skip.node(node.name(), "maximum power unknown (the exporter reports neither the packages' maximum power nor "
                    + "their TDP, and no max-power-watts is set)"));
            return null;
        }
        double fraction = m.powerWatts() / max;
        if (!node.powerCapped() && fraction > t.abovePercent() / 100) {
            double limit = t.limitWatts(m);
            boolean clamped = limit < max * t.limitPercent() / 100;
            return Action.setting(ActionKind.SET_POWER_LIMIT, node.name(), Figures.number(limit),
                    "power " + Figures.watts(m.powerWatts()) + " is " + Figures.percent(fraction) + " of its "
                            + Figures.watts(max) + " maximum, above " + Figures.number(t.abovePercent()) + "%"
                            + (clamped ? "; limit " + Figures.watts(limit) + ", its packages' TDP (the highest long-term limit they accept), not "
                            + Figures.number(t.limitPercent()) + "% of the maximum" : ""));
        }
        if (node.powerCapped() && fraction < t.liftBelowPercent() / 100) {
            return Action.onNode(ActionKind.LIFT_POWER_LIMIT, node.name(), "power " + Figures.watts(m.powerWatts()) + " is "
                    + Figures.percent(fraction) + " of its " + Figures.watts(max) + " maximum, below "
                    + Figures.number(t.liftBelowPercent()) + "%");
        }
        return null;
    }
}
