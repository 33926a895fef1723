package io.escheduler.analyzer.profiles;

import io.escheduler.testing.CounterFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Advances powercap {@code energy_uj} files of a fixture machine as if each zone drew a known power
 * that changes at known times after {@link #epoch()}, writing every {@link #PERIOD}. Values are
 * written in place (same file, same length) because the exporter keeps the file open, as it does
 * on a real sysfs. {@link #joules} gives the energy the schedule puts into a span.
 */
public final class PowerDriver implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(10);

    /** From {@code fromSeconds} after the epoch on, the zone draws {@code watts}. */
    public record Phase(double fromSeconds, double watts) {
    }

    /** A powercap zone's {@code energy_uj} file and its power schedule (phases in time order, the first from 0). */
    public record Zone(Path energyFile, List<Phase> phases) {

        /** Joules drawn from the epoch to {@code seconds} after it. */
        double joulesUntil(double seconds) {
            double joules = 0;
            for (int i = 0; i < phases.size(); i++) {
                double from = phases.get(i).fromSeconds();
                double to = i + 1 < phases.size() ? phases.get(i + 1).fromSeconds() : Double.POSITIVE_INFINITY;
                if (seconds > from) {
                    joules += (Math.min(seconds, to) - from) * phases.get(i).watts();
                }
            }
            return joules;
        }
    }

    private final List<Zone> zones;
    private final AtomicLongArray baseMicrojoules;
    private final Instant epoch;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "power-driver");
        thread.setDaemon(true);
        return thread;
    });

    private PowerDriver(List<Zone> zones) throws IOException {
        this.zones = zones;
        this.baseMicrojoules = new AtomicLongArray(zones.size());
        for (int i = 0; i < zones.size(); i++) {
            baseMicrojoules.set(i, Long.parseLong(Files.readString(zones.get(i).energyFile()).strip()));
        }
        this.epoch = Instant.now();
    }

    /** Starts advancing the zones now: {@link #epoch()} is now. */
    public static PowerDriver start(List<Zone> zones) {
        try {
            PowerDriver driver = new PowerDriver(zones);
            driver.writer.scheduleAtFixedRate(driver::write, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Instant epoch() {
        return epoch;
    }

    /** The instant {@code seconds} after the epoch. */
    Instant at(double seconds) {
        return epoch.plusMillis(Math.round(seconds * 1000));
    }

    double secondsSinceEpoch(Instant instant) {
        return Duration.between(epoch, instant).toMillis() / 1000.0;
    }

    /** Energy all zones draw between {@code from} and {@code to}, in joules. */
    double joules(Instant from, Instant to) {
        double joules = 0;
        for (Zone zone : zones) {
            joules += zone.joulesUntil(secondsSinceEpoch(to)) - zone.joulesUntil(secondsSinceEpoch(from));
        }
        return joules;
    }

    /**
     * Lowers zone {@code zone}'s counter by {@code joules} from now on without changing the power
     * drawn: what an exporter shows after a restart that lost its accumulated wraps.
     */
    void lowerCounter(int zone, double joules) {
        baseMicrojoules.addAndGet(zone, -Math.round(joules * 1e6));
    }

    /** Waits until {@code seconds} after the epoch. */
    void awaitSeconds(double seconds) {
        long millis = Duration.between(Instant.now(), at(seconds)).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void write() {
        double seconds = secondsSinceEpoch(Instant.now());
        for (int i = 0; i < zones.size(); i++) {
            long microjoules = baseMicrojoules.get(i) + Math.round(zones.get(i).joulesUntil(seconds) * 1e6);
            CounterFiles.writeInPlace(zones.get(i).energyFile(), microjoules + "\n");
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
