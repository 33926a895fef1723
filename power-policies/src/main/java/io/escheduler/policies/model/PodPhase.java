package io.escheduler.policies.model;

/** {@code status.phase}; anything unknown is {@link #UNKNOWN}. */
public enum PodPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    /** Succeeded or Failed: the pod holds no resources any more. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
