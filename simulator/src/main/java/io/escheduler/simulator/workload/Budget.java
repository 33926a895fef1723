package io.escheduler.simulator.workload;

/**
 * A PodDisruptionBudget over the pods that name it: {@code disruptionsAllowed} is the healthy (running) members minus
 * {@code minAvailable}, or {@code maxUnavailable} minus the members not running, as the disruption controller computes it.
 *
 * @param minAvailable   -1 when the budget is written with maxUnavailable
 * @param maxUnavailable -1 when the budget is written with minAvailable
 */
public record Budget(String namespace, String name, int minAvailable, int maxUnavailable) {

    public String key() {
        return namespace + "/" + name;
    }

    /** Disruptions allowed with {@code healthy} of {@code expected} members running. */
    public int allowed(int healthy, int expected) {
        int allowed = minAvailable >= 0 ? healthy - minAvailable : maxUnavailable - (expected - healthy);
        return Math.max(0, allowed);
    }
}
