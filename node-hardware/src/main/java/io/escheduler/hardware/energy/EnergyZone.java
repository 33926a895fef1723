package io.escheduler.hardware.energy;

import java.io.IOException;

/**
 * One hardware energy counter of a source, with the accumulator that follows its wraps.
 *
 * @param key      the series it adds to
 * @param location where it is read, for logs (e.g. {@code MSR 0x611 on CPU 0})
 * @param counter  the wrap accumulator for this counter's range and unit (owned by the one meter that samples the zone)
 * @param maxWatts the highest power the counter can see, to derive how often it must be sampled
 * @param reader   reads the raw counter value
 */
public record EnergyZone(ZoneKey key, String location, EnergyCounter counter, double maxWatts, RawReader reader) {

    /** Reads one raw counter value. */
    @FunctionalInterface
    public interface RawReader {
        long read() throws IOException;
    }

    /** Seconds until the counter wraps at {@link #maxWatts}; it must be sampled at least twice per period. */
    public double wrapPeriodSeconds() {
        return counter.rangeJoules() / maxWatts;
    }
}
