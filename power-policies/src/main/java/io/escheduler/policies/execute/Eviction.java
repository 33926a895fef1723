package io.escheduler.policies.execute;

/** What the Eviction API answered for one pod. */
public enum Eviction {
    /** Admitted: the pod is being deleted (it may take its termination grace period to go). */
    EVICTED,
    /** Refused because a PodDisruptionBudget allows no disruption now (HTTP 429): nothing happened to the pod. */
    REFUSED_BY_BUDGET,
    /** The pod no longer exists (HTTP 404): what an eviction wanted is already so. */
    GONE
}
