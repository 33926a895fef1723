package io.escheduler.hardware.energy;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Samples every zone of a {@link RaplSource} and keeps monotonic joules per {@link ZoneKey}.
 *
 * <p>A zone whose read fails keeps its last value, counts a read error for its key and is logged
 * once when it starts failing and once when it recovers; the other zones are unaffected.
 *
 * <p>Thread-safe: sampling is serialised, snapshots are immutable.
 */
public final class EnergyMeter implements Closeable {

    private static final Logger LOG = Logger.getLogger(EnergyMeter.class);

    /** Bounds of the automatic background sampling period. */
    static final Duration MIN_AUTO_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_AUTO_INTERVAL = Duration.ofSeconds(60);

    private final RaplSource source;
    private final SortedSet<ZoneKey> keys = new TreeSet<>();
    private final Map<ZoneKey, Long> readErrors = new HashMap<>();
    private final Set<EnergyZone> failing = new HashSet<>();
    private volatile Snapshot snapshot;

    /**
     * An immutable view of the meter after one sample.
     *
     * @param failing keys with at least one counter whose latest read failed
     */
    public record Snapshot(long takenAtNanos, Map<ZoneKey, Double> joules, Map<ZoneKey, Long> readErrors, Set<ZoneKey> failing) {

        public double joules(ZoneKey key) {
            Double value = joules.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no zone " + key);
            }
            return value;
        }

        public long readErrors(ZoneKey key) {
            return readErrors.getOrDefault(key, 0L);
        }
    }

    public EnergyMeter(RaplSource source) {
        this.source = source;
        for (EnergyZone zone : source.zones()) {
            keys.add(zone.key());
            readErrors.put(zone.key(), 0L);
        }
        sample();
    }

    public SourceKind sourceKind() {
        return source.kind();
    }

    public SortedSet<ZoneKey> keys() {
        return Collections.unmodifiableSortedSet(keys);
    }

    /** Reads every zone now. */
    public synchronized Snapshot sample() {
        for (EnergyZone zone : source.zones()) {
            try {
                zone.counter().update(zone.reader().read());
                if (failing.remove(zone)) {
                    LOG.infof("%s (%s) reads again", zone.key(), zone.location());
                }
            } catch (IOException | RuntimeException e) {
                readErrors.merge(zone.key(), 1L, Long::sum);
                if (failing.add(zone)) {
                    LOG.warnf("%s (%s) cannot be read, keeping its last value until it recovers: %s",
                            zone.key(), zone.location(), e.getMessage());
                }
            }
        }
        Map<ZoneKey, Double> joules = new TreeMap<>();
        for (EnergyZone zone : source.zones()) {
            joules.merge(zone.key(), zone.counter().joules(), Double::sum);
        }
        Set<ZoneKey> failingKeys = new TreeSet<>();
        failing.forEach(zone -> failingKeys.add(zone.key()));
        snapshot = new Snapshot(System.nanoTime(), Collections.unmodifiableMap(joules), Map.copyOf(readErrors),
                Collections.unmodifiableSet(failingKeys));
        return snapshot;
    }

    /** The last snapshot if it is younger than {@code maxAge}, else a fresh one. */
    public Snapshot snapshot(Duration maxAge) {
        Snapshot last = snapshot;
        if (System.nanoTime() - last.takenAtNanos() <= maxAge.toNanos()) {
            return last;
        }
        synchronized (this) {
            last = snapshot; // another thread may have sampled while this one waited
            return System.nanoTime() - last.takenAtNanos() <= maxAge.toNanos() ? last : sample();
        }
    }

    /** The zone that wraps soonest at its maximum power. */
    public EnergyZone fastestWrappingZone() {
        List<EnergyZone> zones = source.zones();
        EnergyZone fastest = zones.get(0);
        for (EnergyZone zone : zones) {
            if (zone.wrapPeriodSeconds() < fastest.wrapPeriodSeconds()) {
                fastest = zone;
            }
        }
        return fastest;
    }

    /** The longest sampling period that still sees every wrap: half the shortest wrap period. */
    public Duration maxSampleInterval() {
        return seconds(fastestWrappingZone().wrapPeriodSeconds() / 2);
    }

    /** A quarter of the shortest wrap period, kept within 1 s..60 s. */
    public Duration defaultSampleInterval() {
        Duration quarter = seconds(fastestWrappingZone().wrapPeriodSeconds() / 4);
        if (quarter.compareTo(MIN_AUTO_INTERVAL) < 0) {
            return MIN_AUTO_INTERVAL;
        }
        return quarter.compareTo(MAX_AUTO_INTERVAL) > 0 ? MAX_AUTO_INTERVAL : quarter;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }

    @Override
    public void close() {
        source.close();
    }
}
