package io.escheduler.policies.model;

/** What controls a pod: the kind of its controller owner reference, or {@link #NODE} for a static (mirror) pod. */
public enum OwnerKind {
    DAEMON_SET,
    REPLICA_SET,
    STATEFUL_SET,
    JOB,
    REPLICATION_CONTROLLER,
    /** Another controller (a custom resource's operator): it recreates the pod, so the pod may move. */
    OTHER,
    /** A static pod (annotation {@code kubernetes.io/config.mirror}): bound to its node by the kubelet. */
    NODE,
    /** A bare pod: nothing recreates it after an eviction. */
    NONE;

    /** Pods that stay with their node and do not count as its workload: DaemonSet and static pods. */
    public boolean nodeBound() {
        return this == DAEMON_SET || this == NODE;
    }
}
