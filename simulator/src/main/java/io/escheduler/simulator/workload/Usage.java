package io.escheduler.simulator.workload;

/**
 * A pod's CPU use over simulated time, in millicores at the node's nominal frequency: piecewise constant, so that
 * energy between two changes is power × time exactly.
 */
public interface Usage {

    /** Millicores used at {@code millis} (simulated time since the start). */
    double millicores(long millis);

    /** The first instant after {@code millis} at which the use changes, or {@link Long#MAX_VALUE}. */
    long nextChange(long millis);

    /**
     * This use as one pod incarnation reads it, as simulated time moves on: it may remember where it last read (a
     * curve's cursor), so it belongs to that incarnation alone. A workload's own {@code Usage} keeps no such state:
     * several runs read it at once.
     */
    default Usage reader() {
        return this;
    }

    static Usage constant(double millicores) {
        return new Usage() {
            @Override
            public double millicores(long millis) {
                return millicores;
            }

            @Override
            public long nextChange(long millis) {
                return Long.MAX_VALUE;
            }

            @Override
            public String toString() {
                return Double.toString(millicores);
            }
        };
    }
}
