package io.escheduler.powermanager.source;

import io.escheduler.testing.CounterFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Advances a fixture machine's powercap {@code energy_uj} file as if the zone drew a power that a test
 * {@linkplain #set sets} at any time (the profiles' {@code PowerDriver} follows a schedule fixed in advance). Every
 * {@link CpuLoadDriver#PERIOD_MILLIS} the counter grows by watts × elapsed time; it is written in place (same file,
 * same length), because the exporter keeps the file open, as on a real sysfs.
 */
public final class PowerLoadDriver implements AutoCloseable {

    private final Path energyFile;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "power-load-driver");
        thread.setDaemon(true);
        return thread;
    });
    private double microjoules;
    private long lastNanos = System.nanoTime();
    private volatile double watts;

    private PowerLoadDriver(Path energyFile, double watts) throws IOException {
        this.energyFile = energyFile;
        this.microjoules = Long.parseLong(Files.readString(energyFile).strip());
        this.watts = watts;
    }

    /** Starts advancing {@code energyFile} (a zone's {@code energy_uj}) at {@code watts} from now on. */
    public static PowerLoadDriver start(Path energyFile, double watts) {
        try {
            PowerLoadDriver driver = new PowerLoadDriver(energyFile, watts);
            driver.writer.scheduleAtFixedRate(driver::advance, 0, CpuLoadDriver.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zone draws {@code watts} from now on. */
    public void set(double watts) {
        this.watts = watts;
    }

    private synchronized void advance() {
        long now = System.nanoTime();
        microjoules += (now - lastNanos) / 1e3 * watts;
        lastNanos = now;
        String text = Math.round(microjoules) + "\n";
        CounterFiles.writeInPlace(energyFile, text);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
