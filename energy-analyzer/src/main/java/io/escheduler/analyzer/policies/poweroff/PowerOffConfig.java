package io.escheduler.analyzer.policies.poweroff;

import java.time.Duration;

/**
 * Settings of the power-off policy ({@code energy-analyzer.policies.power-off.*}).
 *
 * @param gracePeriod a node must have run no workload pods for this long (Cluster Autoscaler's 10 minutes)
 */
public record PowerOffConfig(Duration gracePeriod) {

    public static final PowerOffConfig DEFAULTS = new PowerOffConfig(Duration.ofMinutes(10));

    public PowerOffConfig {
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("power-off.grace-period must not be negative: " + gracePeriod);
        }
    }
}
