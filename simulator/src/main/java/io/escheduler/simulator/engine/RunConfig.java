package io.escheduler.simulator.engine;

import io.escheduler.simulator.schedule.Placement;

/**
 * One run's settings.
 *
 * @param days          simulated days
 * @param seed          the scheduler's tie-breaks and random placement
 * @param placement     how energy-scheduler pods are placed
 * @param sampleMillis  the report's time-series step
 */
public record RunConfig(double days, long seed, Placement placement, long sampleMillis) {

    public long endMillis() {
        return Math.round(days * 86_400_000L);
    }
}
