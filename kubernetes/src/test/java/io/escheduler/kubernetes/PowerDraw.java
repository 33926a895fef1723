package io.escheduler.kubernetes;

import io.escheduler.testing.FixtureMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes fixture machines draw power: every 250 ms, adds to each one's package zone ({@code intel-rapl:0}) counter
 * {@code energy_uj} what its watts make in that time, wrapping at {@code max_energy_range_uj} as the kernel's does.
 */
final class PowerDraw implements AutoCloseable {

    private static final long PERIOD_MS = 250;

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "power-draw");
        thread.setDaemon(true);
        return thread;
    });

    private PowerDraw() {
    }

    static PowerDraw start(Map<String, FixtureMachine> machines, Map<String, Double> watts) {
        PowerDraw draw = new PowerDraw();
        draw.loop.scheduleAtFixedRate(() -> watts.forEach((node, w) -> advance(machines.get(node), w)), 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return draw;
    }

    private static void advance(FixtureMachine machine, double watts) {
        Path counter = machine.powercapFile("intel-rapl:0", "energy_uj");
        try {
            long range = Long.parseLong(Files.readString(machine.powercapFile("intel-rapl:0", "max_energy_range_uj")).strip());
            long now = Long.parseLong(Files.readString(counter).strip());
            machine.writeFile(counter, (now + Math.round(watts * PERIOD_MS * 1000)) % (range + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
