package io.escheduler.simulator.engine;

import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Usage;

/**
 * One pod object of the simulated cluster: an incarnation of a {@link PodSpec}. An evicted pod's controller creates
 * the next incarnation at once ({@code name-2}, {@code name-3}…), which the scheduler places again.
 */
public final class SimPod {

    public enum Phase { PENDING, RUNNING, SUCCEEDED, DELETED, EVICTED }

    final PodSpec spec;
    /** The spec's CPU use as this incarnation reads it ({@link io.escheduler.simulator.workload.Usage#reader()}). */
    final Usage usage;
    final int incarnation;
    final String name;
    final long createdAt;
    Phase phase = Phase.PENDING;
    SimNode node;
    long boundAt = -1;
    /** Nominal-speed time worked so far (ms), for a Job's pod. */
    double progressed;
    long progressAt;
    /** Completion or lifetime event version: a stale event is ignored. */
    int version;
    /** Current use (millicores at nominal speed). */
    double millicores;
    /** Why the scheduler refused it (the PodScheduled condition's message), or null. */
    String unschedulable;
    boolean insufficientResources;
    /** Program runs: the node's energy when it started, and its highest power while it ran. */
    double energyAtBind;
    double peakWatts;
    /** Bumped whenever what a snapshot shows of the pod changes (bound, unbound, a new scheduling message). */
    int revision;
    /** What a policy snapshot made of this pod at {@link #snapshotRevision}, reused while nothing changed. */
    public Object snapshot;
    public int snapshotRevision = -1;

    SimPod(PodSpec spec, int incarnation, long createdAt) {
        this.spec = spec;
        this.usage = spec.usage().reader();
        this.incarnation = incarnation;
        this.name = incarnation == 1 ? spec.name() : spec.name() + "-" + incarnation;
        this.createdAt = createdAt;
    }

    public PodSpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    public String key() {
        return spec.namespace() + "/" + name;
    }

    public Phase phase() {
        return phase;
    }

    public SimNode node() {
        return node;
    }

    public long createdAt() {
        return createdAt;
    }

    public int revision() {
        return revision;
    }

    public long boundAt() {
        return boundAt;
    }

    public String unschedulableMessage() {
        return unschedulable;
    }

    /** Holds its node's resources: bound and not finished. */
    public boolean running() {
        return phase == Phase.RUNNING;
    }
}
