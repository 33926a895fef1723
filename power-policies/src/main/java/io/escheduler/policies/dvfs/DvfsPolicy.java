package io.escheduler.policies.dvfs;

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
 * Seed 2, item 4: a running node whose CPU utilisation stayed below the low threshold for the whole window gets
 * its frequency ceiling lowered (to {@code min} or the configured kHz, through its actuator); a lowered node whose
 * utilisation rises above the high threshold gets it restored. Between the thresholds the node keeps its state.
 * Whether a node is lowered is what its actuator publishes ({@code throttle-reason} holds {@code cpufreq}), so a
 * ceiling set by hand is restored too once the node is busy.
 */
public final class DvfsPolicy implements Policy {

    private final DvfsConfig config;

    public DvfsPolicy(DvfsConfig config) {
        this.config = config;
    }

    @Override
    public PolicyName name() {
        return PolicyName.DVFS;
    }

    @Override
    public Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        double low = config.lowerBelowPercent() / 100;
        double high = config.restoreAbovePercent() / 100;
        for (NodeSnapshot node : snapshot.nodes()) {
            if (!node.on()) {
                continue;
            }
            NodeMetrics m = snapshot.metrics(node.name());
            if (m == null) {
                skipped.add(Skip.node(node.name(), "no CPU utilisation in Prometheus"));
                continue;
            }
            Action action = null;
            if (!node.cpufreqLowered() && m.peakUtilisation() < low) {
                action = Action.setting(ActionKind.SET_CPUFREQ, node.name(), config.target(), "CPU utilisation peaked at "
                        + Figures.percent(m.peakUtilisation()) + " over the last " + Figures.duration(config.window())
                        + ", below " + Figures.percent(low));
            } else if (node.cpufreqLowered() && m.utilisation() > high) {
                action = Action.setting(ActionKind.RESTORE_CPUFREQ, node.name(), "max", "CPU utilisation "
                        + Figures.percent(m.utilisation()) + ", above " + Figures.percent(high));
            }
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
}
