package io.escheduler.analyzer.policies.rails;

import java.time.Duration;

/**
 * The safety rails' settings ({@code energy-analyzer.policies.rails.*}).
 *
 * @param cooldown    after an action on a node, no other action on the same node and control (power, placement,
 *                    cpufreq, power limit) for this long: no flapping
 * @param minNodesOn  never power off a node when fewer than this many would stay on
 * @param maxChanges  at most this many node changes (a node's actions of one plan count once) per {@code interval}
 * @param interval    the window of {@code maxChanges}
 */
public record RailsConfig(Duration cooldown, int minNodesOn, int maxChanges, Duration interval) {

    public static final RailsConfig DEFAULTS = new RailsConfig(Duration.ofMinutes(10), 1, 10, Duration.ofMinutes(5));

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
    }
}
