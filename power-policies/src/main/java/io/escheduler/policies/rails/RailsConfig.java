package io.escheduler.policies.rails;

import io.escheduler.policies.PolicyDefaults;

import java.time.Duration;

/**
 * The safety rails' settings ({@code rails.*}, defaults in {@link PolicyDefaults}).
 *
 * @param cooldown    after an action on a node, no other action on the same node and control (power, placement,
 *                    cpufreq, power limit) for this long: no flapping
 * @param minNodesOn  never power off a node when fewer than this many would stay on
 * @param maxChanges  at most this many node changes (a node's actions of one plan count once) per {@code interval}
 * @param interval    the window of {@code maxChanges}
 * @param failureBackoff after a failed power action or actuator change on a node, the same control on that node is not
 *                    tried again for this long, doubled with each further failure in a row
 * @param maxFailures after this many failures in a row of one control on a node, the executor marks the node
 *                    ({@link io.escheduler.policies.model.NodeSnapshot#failedAnnotation}) and no policy tries
 *                    that control on it again until an operator removes the mark
 */
public record RailsConfig(Duration cooldown, int minNodesOn, int maxChanges, Duration interval, Duration failureBackoff, int maxFailures) {

    public static final RailsConfig DEFAULTS = new RailsConfig(PolicyDefaults.duration(PolicyDefaults.RAILS_COOLDOWN),
            PolicyDefaults.count(PolicyDefaults.RAILS_MIN_NODES_ON), PolicyDefaults.count(PolicyDefaults.RAILS_MAX_CHANGES),
            PolicyDefaults.duration(PolicyDefaults.RAILS_INTERVAL), PolicyDefaults.duration(PolicyDefaults.RAILS_FAILURE_BACKOFF),
            PolicyDefaults.count(PolicyDefaults.RAILS_MAX_FAILURES));

    /** The doubling stops at 2^10 times the first backoff. */
    private static final int MAX_DOUBLINGS = 10;

    public RailsConfig {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("rails.cooldown must not be negative: " + cooldown);
        }
        if (minNodesOn < 0 || maxChanges < 0) {
            throw new IllegalArgumentException("rails.min-nodes-on and rails.max-changes must not be negative");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("rails.interval must be positive: " + interval);
        }
        if (failureBackoff.isNegative()) {
            throw new IllegalArgumentException("rails.failure-backoff must not be negative: " + failureBackoff);
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("rails.max-failures must be at least 1: " + maxFailures);
        }
    }

    /** How long after the latest of {@code failuresInARow} failures the control is tried again. */
    public Duration backoff(int failuresInARow) {
        return failureBackoff.multipliedBy(1L << Math.min(Math.max(failuresInARow - 1, 0), MAX_DOUBLINGS));
    }
}
