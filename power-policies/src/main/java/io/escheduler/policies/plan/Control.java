package io.escheduler.policies.plan;

import java.util.Locale;

/**
 * What an action changes on a node; cooldowns are kept per node and control, and so are the failure backoff and the
 * mark a node gets when one control keeps failing ({@link #failureTracked}).
 */
public enum Control {
    /** The node's power (on, off). */
    POWER,
    /** Where pods run (cordon, evict, uncordon). */
    PLACEMENT,
    /** The CPU frequency ceiling. */
    CPUFREQ,
    /** The RAPL power limit. */
    POWER_LIMIT;

    /** {@code power}, {@code placement}, {@code cpufreq}, {@code power-limit}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether failures of this control back off and, repeated, mark the node for an operator: a power driver or a
     * node-actuator that does not do its job. Placement (cordon, evict) is the API server's, whose refusals are
     * reported and whose changes are undone, never marked.
     */
    public boolean failureTracked() {
        return this != PLACEMENT;
    }
}
