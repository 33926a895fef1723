package io.escheduler.dashboards;

import io.escheduler.testing.CounterFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes fixture machines look busy: advances powercap {@code energy_uj} files as if each zone drew a
 * power that changes every {@link #PHASE} (cycling through its list of watts), and the first line of
 * {@code /proc/stat} as if a share of the CPUs were busy. Files are rewritten in place (same file),
 * because the exporter keeps them open as it does on a real sysfs and procfs.
 */
final class LoadDriver implements AutoCloseable {

    /** How long each power level of a zone lasts. */
    static final Duration PHASE = Duration.ofSeconds(6);
    private static final Duration PERIOD = Duration.ofMillis(50);
    /** USER_HZ: /proc/stat counts CPU time in 1/100 s. */
    private static final int TICKS_PER_SECOND = 100;

    /** A powercap zone's {@code energy_uj} file and the watts it draws in successive phases (repeated). */
    record Zone(Path energyFile, List<Double> watts) {

        double joulesUntil(double seconds) {
            double phase = PHASE.toMillis() / 1000.0;
            double joules = 0;
            int index = 0;
            for (double from = 0; from < seconds; from += phase, index++) {
                joules += Math.min(phase, seconds - from) * watts.get(index % watts.size());
            }
            return joules;
        }
    }

    /** A {@code /proc/stat} file of a machine with {@code cpus} CPUs, busy {@code busyShare} of the time. */
    record Stat(Path file, int cpus, double busyShare) {
    }

    private record Counter(Zone zone, long baseMicrojoules) {
    }

    private record StatCounter(Stat stat, long[] baseTicks) {
    }

    private final List<Counter> zones = new ArrayList<>();
    private final List<StatCounter> stats = new ArrayList<>();
    private final Instant epoch = Instant.now();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-driver");
        thread.setDaemon(true);
        return thread;
    });

    private LoadDriver(List<Zone> zones, List<Stat> stats) throws IOException {
        for (Zone zone : zones) {
            this.zones.add(new Counter(zone, Long.parseLong(Files.readString(zone.energyFile()).strip())));
        }
        for (Stat stat : stats) {
            String[] fields = Files.readString(stat.file()).strip().split("\\s+");
            long[] ticks = new long[fields.length - 1]; // after "cpu"
            for (int i = 1; i < fields.length; i++) {
                ticks[i - 1] = Long.parseLong(fields[i]);
            }
            this.stats.add(new StatCounter(stat, ticks));
        }
    }

    /** Starts now: the first phase of every zone begins at {@link #epoch()}. */
    static LoadDriver start(List<Zone> zones, List<Stat> stats) {
        try {
            LoadDriver driver = new LoadDriver(zones, stats);
            driver.writer.scheduleAtFixedRate(driver::write, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Instant epoch() {
        return epoch;
    }

    private void write() {
        double seconds = Duration.between(epoch, Instant.now()).toMillis() / 1000.0;
        for (Counter counter : zones) {
            long microjoules = counter.baseMicrojoules() + Math.round(counter.zone().joulesUntil(seconds) * 1e6);
            CounterFiles.writeInPlace(counter.zone().energyFile(), microjoules + "\n");
        }
        for (StatCounter counter : stats) {
            long[] ticks = counter.baseTicks().clone();
            double cpuSeconds = seconds * counter.stat().cpus();
            ticks[0] += Math.round(cpuSeconds * counter.stat().busyShare() * TICKS_PER_SECOND);       // user
            ticks[3] += Math.round(cpuSeconds * (1 - counter.stat().busyShare()) * TICKS_PER_SECOND); // idle
            StringBuilder line = new StringBuilder("cpu ");
            for (long tick : ticks) {
                line.append(' ').append(tick);
            }
            CounterFiles.writeInPlace(counter.stat().file(), line.append('\n').toString());
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
