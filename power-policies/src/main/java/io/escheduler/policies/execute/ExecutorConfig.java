package io.escheduler.policies.execute;

import io.escheduler.policies.PolicyDefaults;

import java.time.Duration;

/**
 * How enforced plans are carried out ({@code executor.*}, defaults in {@link PolicyDefaults}).
 *
 * @param drainTimeout  before a power-off, how long the node's evicted pods may take to go (DaemonSet and static pods
 *                      stay); past it the power-off fails and the node is uncordoned
 * @param uncordonAfter a migration's source node is uncordoned once its evicted pods are gone, or after this long at
 *                      the latest
 */
public record ExecutorConfig(Duration drainTimeout, Duration uncordonAfter) {

    public static final ExecutorConfig DEFAULTS = new ExecutorConfig(PolicyDefaults.duration(PolicyDefaults.EXECUTOR_DRAIN_TIMEOUT),
            PolicyDefaults.duration(PolicyDefaults.EXECUTOR_UNCORDON_AFTER));

    public ExecutorConfig {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("executor.drain-timeout must not be negative: " + drainTimeout);
        }
        if (uncordonAfter.isNegative()) {
            throw new IllegalArgumentException("executor.uncordon-after must not be negative: " + uncordonAfter);
        }
    }
}
