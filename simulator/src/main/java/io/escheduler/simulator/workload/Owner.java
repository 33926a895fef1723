package io.escheduler.simulator.workload;

import java.util.Locale;

/**
 * What controls a pod (its controller owner reference's kind). It decides what an eviction does: a controller
 * recreates the pod (a Job's pod starts its work again), a bare pod is lost, and DaemonSet pods stay with their node.
 */
public enum Owner {
    REPLICA_SET("ReplicaSet"),
    STATEFUL_SET("StatefulSet"),
    JOB("Job"),
    DAEMON_SET("DaemonSet"),
    NONE("None");

    private final String wireName;

    Owner(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A finite piece of work (its duration is run time at nominal speed), as opposed to a service (its duration is a lifetime). */
    public boolean batch() {
        return this == JOB;
    }

    public static Owner of(String value) {
        for (Owner o : values()) {
            if (o.wireName.equalsIgnoreCase(value.strip()) || o.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
                return o;
            }
        }
        return null;
    }
}
