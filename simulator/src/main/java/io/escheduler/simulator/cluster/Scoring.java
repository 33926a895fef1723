package io.escheduler.simulator.cluster;

/** kube-scheduler's NodeResourcesFit scoring strategy. */
public enum Scoring {
    /** The default: the node with the most free room wins (pods spread). */
    LEAST_ALLOCATED("LeastAllocated"),
    /** Bin packing: the fullest node that fits wins. */
    MOST_ALLOCATED("MostAllocated");

    private final String wireName;

    Scoring(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Scoring of(String value) {
        for (Scoring s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
