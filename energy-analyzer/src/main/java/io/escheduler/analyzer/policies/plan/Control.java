package io.escheduler.analyzer.policies.plan;

/** What an action changes on a node; cooldowns are kept per node and control. */
public enum Control {
    /** The node's power (on, off). */
    POWER,
    /** Where pods run (cordon, evict, uncordon). */
    PLACEMENT,
    /** The CPU frequency ceiling. */
    CPUFREQ,
    /** The RAPL power limit. */
    POWER_LIMIT
}
