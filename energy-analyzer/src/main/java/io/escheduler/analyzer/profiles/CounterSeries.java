package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An energy counter followed across its restarts. Our counters never decrease while the exporter
 * runs, but a restarted exporter starts again from the hardware register's raw value (its
 * accumulated wraps are lost), so the counter falls to an arbitrary lower value, not to zero.
 * Prometheus' {@code increase()} assumes a restart from zero and would count the whole new value;
 * here the energy between the last scrape before the fall and the first after it is bridged at
 * the power of the scrapes before it instead, and everything else is what the counter gained.
 */
final class CounterSeries {

    /** A counter followed across its falls: cumulative joules from its first sample, and what was bridged. */
    record Continuous(List<Sample> joules, int falls, double bridgedSeconds) {
    }

    /**
     * A fall is bridged at the power of up to this many scrape intervals on each side of it: enough
     * to smooth one late scrape, few enough not to reach back into an earlier load.
     */
    static final int NEIGHBOUR_INTERVALS = 3;

    private CounterSeries() {
    }

    /** {@code raw} oldest first, counter values in joules. */
    static Continuous continuous(List<Sample> raw) {
        List<Sample> out = new ArrayList<>(raw.size());
        int falls = 0;
        double bridged = 0;
        double total = 0;
        for (int i = 0; i < raw.size(); i++) {
            if (i > 0) {
                double gained = raw.get(i).value() - raw.get(i - 1).value();
                if (gained < 0) {
                    double seconds = seconds(raw.get(i - 1), raw.get(i));
                    gained = neighbourWatts(raw, i) * seconds;
                    falls++;
                    bridged += seconds;
                }
                total += gained;
            }
            out.add(new Sample(raw.get(i).time(), total));
        }
        return new Continuous(out, falls, bridged);
    }

    /** Whether the counter falls anywhere in {@code raw}. */
    static boolean falls(List<Sample> raw) {
        for (int i = 1; i < raw.size(); i++) {
            if (raw.get(i).value() < raw.get(i - 1).value()) {
                return true;
            }
        }
        return false;
    }

    /** Joules gained between {@code start} and {@code end} ({@link CounterValue} at both ends of the continuous counter). */
    static double joules(Continuous counter, Instant start, Instant end) {
        return CounterValue.at(counter.joules(), end).orElse(0) - CounterValue.at(counter.joules(), start).orElse(0);
    }

    /**
     * The power across the fall at {@code i}: over up to {@link #NEIGHBOUR_INTERVALS} scrape
     * intervals without a fall just before it (the exporter still running, warm), else just after
     * it; 0 W without either. (Just after a restart the first scrapes of a cold exporter may be
     * answered late, which blurs the power there.)
     */
    private static double neighbourWatts(List<Sample> raw, int i) {
        int from = i - 1;
        while (from > 0 && i - 1 - from < NEIGHBOUR_INTERVALS && raw.get(from).value() >= raw.get(from - 1).value()) {
            from--;
        }
        if (from < i - 1 && seconds(raw.get(from), raw.get(i - 1)) > 0) {
            return (raw.get(i - 1).value() - raw.get(from).value()) / seconds(raw.get(from), raw.get(i - 1));
        }
        int to = i;
        while (to + 1 < raw.size() && to - i < NEIGHBOUR_INTERVALS && raw.get(to + 1).value() >= raw.get(to).value()) {
            to++;
        }
        if (to > i && seconds(raw.get(i), raw.get(to)) > 0) {
            return (raw.get(to).value() - raw.get(i).value()) / seconds(raw.get(i), raw.get(to));
        }
        return 0;
    }

    /**
     * Power in watts at {@code first}, {@code first + step}, ... up to {@code end}: what the
     * counters together gained over the {@code window} before each instant, divided by it (what
     * {@code sum(rate(...))} gives, without taking a fall for energy).
     */
    static List<Sample> power(List<Continuous> counters, Instant first, Instant end, Duration step, Duration window) {
        List<Sample> power = new ArrayList<>();
        double seconds = window.toMillis() / 1000.0;
        for (Instant t = first; !t.isAfter(end); t = t.plus(step)) {
            double joules = 0;
            for (Continuous counter : counters) {
                joules += joules(counter, t.minus(window), t);
            }
            power.add(new Sample(t, joules / seconds));
        }
        return power;
    }

    private static double seconds(Sample from, Sample to) {
        return (to.time().toEpochMilli() - from.time().toEpochMilli()) / 1000.0;
    }
}
