package io.escheduler.simulator.schedule;

/** How {@code energy-scheduler} pods are placed (the placement comparison of a run; other pods always go by kube-scheduler's rules). */
public enum Placement {
    /** Through the extender: throttled nodes avoided unless none, the program's lowest-peak system scored highest. */
    LOWEST_PEAK("lowest-peak"),
    /** kube-scheduler alone with its scoring strategy. */
    KUBE_SCHEDULER("least-allocated"),
    /** A random feasible node (seeded). */
    RANDOM("random");

    private final String wireName;

    Placement(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
