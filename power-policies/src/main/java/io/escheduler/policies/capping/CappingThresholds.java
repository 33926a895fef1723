package io.escheduler.policies.capping;

import io.escheduler.policies.PolicyDefaults;
import io.escheduler.policies.model.NodeMetrics;

/**
 * When a node is capped, to what, and when the cap is lifted, as percentages of the node's maximum power; shared
 * by the capping and capping-migration policies.
 *
 * @param abovePercent     cap when power exceeds this
 * @param limitPercent     the power limit set, at most {@code abovePercent}
 * @param liftBelowPercent lift the cap when power falls under this, below {@code limitPercent} (else a capped node
 *                         would qualify at once: flapping)
 * @param maxPowerWatts    the maximum power of a node whose exporter reports neither its packages' TDP nor their
 *                         maximum power; 0: none (such a node is skipped)
 */
public record CappingThresholds(double abovePercent, double limitPercent, double liftBelowPercent, double maxPowerWatts) {

    public static final CappingThresholds DEFAULTS = new CappingThresholds(PolicyDefaults.number(PolicyDefaults.CAPPING_ABOVE_PERCENT),
            PolicyDefaults.number(PolicyDefaults.CAPPING_LIMIT_PERCENT), PolicyDefaults.number(PolicyDefaults.CAPPING_LIFT_BELOW_PERCENT),
            PolicyDefaults.number(PolicyDefaults.CAPPING_MAX_POWER_WATTS));

    public CappingThresholds {
        if (!(0 < liftBelowPercent && liftBelowPercent < limitPercent && limitPercent <= abovePercent && abovePercent <= 100)) {
            throw new IllegalArgumentException("capping: need 0 < lift-below-percent < limit-percent <= above-percent <= 100, got "
                    + liftBelowPercent + ", " + limitPercent + ", " + abovePercent);
        }
        if (maxPowerWatts < 0) {
            throw new IllegalArgumentException("capping.max-power-watts must not be negative: " + maxPowerWatts);
        }
    }

    /**
     * The node's maximum power in watts, 0 when unknown: from the exporter (the packages' TDP, else their maximum
     * power), else {@code maxPowerWatts}.
     */
    public double maxWatts(NodeMetrics metrics) {
        return metrics.maxPowerWatts() > 0 ? metrics.maxPowerWatts() : maxPowerWatts;
    }

    /**
     * The power limit for the node: {@code limitPercent} of its maximum, but at most its packages' TDP when known, the
     * highest long-term limit RAPL accepts (a node-actuator refuses more).
     */
    public double limitWatts(NodeMetrics metrics) {
        double limit = maxWatts(metrics) * limitPercent / 100;
        return metrics.tdpWatts() > 0 ? Math.min(limit, metrics.tdpWatts()) : limit;
    }
}
