package io.escheduler.testing;

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
 * Makes fixture machines look busy: advances powercap {@code energy_uj} files as if each zone drew a power that changes
 * every phase (cycling through its list of watts), and the first line of {@code /proc/stat} as if a share of the CPUs
 * were busy (cycling through its list of shares, phase by phase in step with the zones). Files are rewritten in place
 * (same file), because the exporter keeps them open as it does on a real sysfs and procfs.
 */
public final class LoadDriver implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(50);
    /** USER_HZ: /proc/stat counts CPU time in 1/100 s. */
    private static final int TICKS_PER_SECOND = 100;

    /** A powercap zone's {@code energy_uj} file and the watts it draws in successive phases (repeated). */
    public record Zone(Path energyFile, List<Double> watts) {
    }

    /** A {@code /proc/stat} file of a machine with {@code cpus} CPUs, busy the given share of the time in successive phases. */
    public record Stat(Path file, int cpus, List<Double> busyShares) {

        /** Busy the same share all the time. */
        public Stat(Path file, int cpus, double busyShare) {
            this(file, cpus, List.of(busyShare));
        }
    }

    private record Counter(Zone zone, long baseMicrojoules) {
    }

    private record StatCounter(Stat stat, long[] baseTicks) {
    }

    private final Duration phase;
    private final List<Counter> zones = new ArrayList<>();
    private final List<StatCounter> stats = new ArrayList<>();
    private final Instant epoch = Instant.now();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-driver");
        thread.setDaemon(true);
        return thread;
    });

    private LoadDriver(Duration phase, List<Zone> zones, List<Stat> stats) throws IOException {
        this.phase = phase;
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

    /** Starts now: the first phase of every zone and stat file begins at {@link #epoch()} and lasts {@code phase}. */
    public static LoadDriver start(Duration phase, List<Zone> zones, List<Stat> stats) {
        try {
            LoadDriver driver = new LoadDriver(phase, zones, stats);
            driver.writer.scheduleAtFixedRate(driver::write, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Instant epoch() {
        return epoch;
    }

    /** When phase {@code n} (0 = the first) begins. */
    public Instant phaseStart(long n) {
        return epoch.plus(phase.multipliedBy(n));
    }

    /** The integral from the epoch to {@code seconds} after it of a level that cycles through {@code levels}, one per phase. */
    double integral(List<Double> levels, double seconds) {
        double length = phase.toMillis() / 1000.0;
        long whole = (long) Math.floor(seconds / length);
        double sum = 0;
        for (int i = 0; i < levels.size(); i++) {
            long cycles = whole / levels.size() + (i < whole % levels.size() ? 1 : 0); // phases of level i before the current one
            sum += cycles * length * levels.get(i);
        }
        return sum + (seconds - whole * length) * levels.get((int) (whole % levels.size()));
    }

    private void write() {
        double seconds = Duration.between(epoch, Instant.now()).toMillis() / 1000.0;
        for (Counter counter : zones) {
            long microjoules = counter.baseMicrojoules() + Math.round(integral(counter.zone().watts(), seconds) * 1e6);
            CounterFiles.writeInPlace(counter.zone().energyFile(), microjoules + "\n");
        }
        for (StatCounter counter : stats) {
            long[] ticks = counter.baseTicks().clone();
            int cpus = counter.stat().cpus();
            double busySeconds = integral(counter.stat().busyShares(), seconds) * cpus;
            ticks[0] += Math.round(busySeconds * TICKS_PER_SECOND);                    // user
            ticks[3] += Math.round((seconds * cpus - busySeconds) * TICKS_PER_SECOND); // idle
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
