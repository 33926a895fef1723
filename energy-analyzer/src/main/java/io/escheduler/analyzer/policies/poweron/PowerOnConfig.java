package io.escheduler.analyzer.policies.poweron;

import java.time.Duration;

/**
 * Settings of the power-on policy ({@code energy-analyzer.policies.power-on.*}).
 *
 * @param bootTimeout a node powered on this long ago that is still not Ready no longer counts as capacity on its
 *                    way (Slurm's {@code ResumeTimeout}): its pods need another node
 */
public record PowerOnConfig(Duration bootTimeout) {

    public static final PowerOnConfig DEFAULTS = new PowerOnConfig(Duration.ofMinutes(10));

    public PowerOnConfig {
        if (bootTimeout.isNegative()) {
            throw new IllegalArgumentException("power-on.boot-timeout must not be negative: " + bootTimeout);
        }
    }
}
