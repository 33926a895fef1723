package io.escheduler.hardware.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a perf {@code power} PMU description under a fixture sysfs root, as the kernel lays it out. */
final class PowerPmuFixture {

    static final String SCALE = "2.3283064365386962890625e-10"; // 2^-32 J, the kernel's scale for every power event

    private final Path dir;

    private PowerPmuFixture(Path sysfsRoot) {
        this.dir = sysfsRoot.resolve("bus/event_source/devices/power");
    }

    /** A PMU of {@code type} whose events are opened on {@code cpumask}; add events with {@link #event}. */
    static PowerPmuFixture create(Path sysfsRoot, String type, String cpumask) {
        PowerPmuFixture pmu = new PowerPmuFixture(sysfsRoot);
        pmu.write("type", type);
        pmu.write("cpumask", cpumask);
        pmu.write("format/event", "config:0-7");
        pmu.write("perf_event_mux_interval_ms", "0");
        return pmu;
    }

    /** Event {@code name} (e.g. {@code energy-pkg}) with terms {@code terms}, the 2^-32 J scale and unit Joules. */
    PowerPmuFixture event(String name, String terms) {
        write("events/" + name, terms);
        write("events/" + name + ".scale", SCALE);
        write("events/" + name + ".unit", "Joules");
        return this;
    }

    PowerPmuFixture write(String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code <procfs>/sys/kernel/perf_event_paranoid}. */
    static void paranoid(Path procfsRoot, int value) throws IOException {
        Path file = procfsRoot.resolve("sys/kernel/perf_event_paranoid");
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }
}
