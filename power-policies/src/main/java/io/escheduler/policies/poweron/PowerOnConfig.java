package io.escheduler.policies.poweron;

import io.escheduler.policies.PolicyDefaults;

import java.time.Duration;

/**
 * Settings of the power-on policy ({@code power-on.*}, defaults in {@link PolicyDefaults}).
 *
 * @param bootTimeout a node powered on this long ago that is still not Ready no longer counts as capacity on its
 *                    way (Slurm's {@code ResumeTimeout}): its pods need another node
 * @param cooldown    the safety rails' cooldown ({@code rails.cooldown}): a node powered off within it is not chosen
 *                    (the rails would refuse it), so that another powered-off node is
 */
public record PowerOnConfig(Duration bootTimeout, Duration cooldown) {

    public static final PowerOnConfig DEFAULTS = new PowerOnConfig(PolicyDefaults.duration(PolicyDefaults.POWER_ON_BOOT_TIMEOUT),
            PolicyDefaults.duration(PolicyDefaults.RAILS_COOLDOWN));

    public PowerOnConfig {
        if (bootTimeout.isNegative()) {
            throw new IllegalArgumentException("power-on.boot-timeout must not be negative: " + bootTimeout);
        }
    }
}
