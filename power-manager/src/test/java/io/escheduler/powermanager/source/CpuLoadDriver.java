package io.escheduler.powermanager.source;

import io.escheduler.testing.CounterFiles;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Advances a fixture machine's {@code /proc/stat} as if its CPUs were busy a given fraction of the time: every
 * {@link #PERIOD} the aggregate {@code cpu} line's user ticks grow by {@code utilisation × cpus × USER_HZ} per second
 * and its idle ticks by the rest. The line keeps one length (zero-padded counters) and is written in place, because
 * the exporter keeps the file open and re-reads it from offset 0, as on a real procfs; so a read never meets an
 * emptied file.
 */
public final class CpuLoadDriver implements AutoCloseable {

    static final long PERIOD_MILLIS = 10;
    /** Ticks per CPU-second (Linux's USER_HZ on x86-64). */
    static final int USER_HZ = 100;

    private final Path stat;
    private final int cpus;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cpu-load-driver");
        thread.setDaemon(true);
        return thread;
    });
    private double busyTicks = 1_000_000;
    private double idleTicks = 9_000_000;
    private long lastNanos = System.nanoTime();
    private volatile double utilisation;

    private CpuLoadDriver(Path stat, int cpus, double utilisation) {
        this.stat = stat;
        this.cpus = cpus;
        this.utilisation = utilisation;
    }

    /** Writes the first line now (before an exporter opens the file), then advances it in the background. */
    public static CpuLoadDriver start(Path stat, int cpus, double utilisation) {
        CpuLoadDriver driver = new CpuLoadDriver(stat, cpus, utilisation);
        driver.advance();
        driver.writer.scheduleAtFixedRate(driver::advance, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return driver;
    }

    /** The busy fraction from now on. */
    public void set(double utilisation) {
        this.utilisation = utilisation;
    }

    private synchronized void advance() {
        long now = System.nanoTime();
        double cpuTicks = (now - lastNanos) / 1e9 * cpus * USER_HZ;
        lastNanos = now;
        double busy = utilisation;
        busyTicks += cpuTicks * busy;
        idleTicks += cpuTicks * (1 - busy);
        String line = String.format(Locale.ROOT, "cpu  %015d 0 0 %015d 0 0 0 0 0 0%n", Math.round(busyTicks), Math.round(idleTicks));
        CounterFiles.writeInPlace(stat, line);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
