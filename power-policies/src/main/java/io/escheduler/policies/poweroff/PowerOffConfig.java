package io.escheduler.policies.poweroff;

import io.escheduler.policies.PolicyDefaults;

import java.time.Duration;

/**
 * Settings of the power-off policy ({@code power-off.*}, defaults in {@link PolicyDefaults}).
 *
 * @param gracePeriod a node must have run no workload pods for this long (Cluster Autoscaler's 10 minutes)
 */
public record PowerOffConfig(Duration gracePeriod) {

    public static final PowerOffConfig DEFAULTS = new PowerOffConfig(PolicyDefaults.duration(PolicyDefaults.POWER_OFF_GRACE_PERIOD));

    public PowerOffConfig {
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("power-off.grace-period must not be negative: " + gracePeriod);
        }
    }
}
