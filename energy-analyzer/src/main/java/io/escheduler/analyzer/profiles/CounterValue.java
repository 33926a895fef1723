package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The value of an energy counter (joules, never decreasing) at an instant between its scrapes:
 * linear between the last raw sample at or before the instant and the first at or after it, which
 * is exact while the power is steady between the two scrapes. With only one neighbour, its value.
 * Without a sample on either side, nothing.
 */
final class CounterValue {

    private CounterValue() {
    }

    /** {@code samples} oldest first. */
    static OptionalDouble at(List<Sample> samples, Instant instant) {
        Sample before = null;
        Sample after = null;
        for (Sample sample : samples) {
            if (!sample.time().isAfter(instant)) {
                before = sample;
            } else if (after == null) {
                after = sample;
            }
        }
        if (before == null && after == null) {
            return OptionalDouble.empty();
        }
        if (before == null) {
            return OptionalDouble.of(after.value());
        }
        if (after == null || before.time().equals(instant) || after.value() < before.value()) {
            // exactly on a scrape, or the counter restarted between the two: no line to follow
            return OptionalDouble.of(before.value());
        }
        double fraction = (double) (instant.toEpochMilli() - before.time().toEpochMilli())
                / (after.time().toEpochMilli() - before.time().toEpochMilli());
        return OptionalDouble.of(before.value() + fraction * (after.value() - before.value()));
    }

    /** Whether a sample lies at or before {@code instant}. */
    static boolean hasSampleAtOrBefore(List<Sample> samples, Instant instant) {
        return !samples.isEmpty() && !samples.get(0).time().isAfter(instant);
    }
}
