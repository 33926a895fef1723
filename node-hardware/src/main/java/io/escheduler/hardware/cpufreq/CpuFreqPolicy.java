package io.escheduler.hardware.cpufreq;

import io.escheduler.hardware.sysfs.AttributeFile;
import io.escheduler.hardware.sysfs.Sysfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The cpufreq attributes of one CPU, {@code <sysfs>/devices/system/cpu/cpuN/cpufreq/}, all in kHz:
 * the frequency now ({@code scaling_cur_freq}), the ceiling in force ({@code scaling_max_freq}),
 * the hardware range ({@code cpuinfo_min_freq}, {@code cpuinfo_max_freq}, read once) and the
 * governor.
 *
 * <p>Not thread-safe: callers serialise.
 */
public final class CpuFreqPolicy implements Closeable {

    private final int cpu;
    private final Path directory;
    private final AttributeFile current;
    private final AttributeFile ceiling;
    private final long hardwareMinKhz;
    private final long hardwareMaxKhz;

    private CpuFreqPolicy(int cpu, Path directory, long hardwareMinKhz, long hardwareMaxKhz) {
        this.cpu = cpu;
        this.directory = directory;
        this.current = new AttributeFile(directory.resolve("scaling_cur_freq"));
        this.ceiling = new AttributeFile(directory.resolve("scaling_max_freq"));
        this.hardwareMinKhz = hardwareMinKhz;
        this.hardwareMaxKhz = hardwareMaxKhz;
    }

    public static Path directory(Path sysfsRoot, int cpu) {
        return sysfsRoot.resolve("devices/system/cpu/cpu" + cpu + "/cpufreq");
    }

    /** Opens CPU {@code cpu}'s policy; fails when it has no cpufreq directory (no driver, or a VM). */
    public static CpuFreqPolicy open(Path sysfsRoot, int cpu) throws IOException {
        Path dir = directory(sysfsRoot, cpu);
        return new CpuFreqPolicy(cpu, dir, Sysfs.readLong(dir.resolve("cpuinfo_min_freq")), Sysfs.readLong(dir.resolve("cpuinfo_max_freq")));
    }

    public int cpu() {
        return cpu;
    }

    public Path directory() {
        return directory;
    }

    public long currentKhz() throws IOException {
        return current.readLong();
    }

    public long ceilingKhz() throws IOException {
        return ceiling.readLong();
    }

    public long floorKhz() throws IOException {
        return Sysfs.readLong(directory.resolve("scaling_min_freq"));
    }

    public long hardwareMinKhz() {
        return hardwareMinKhz;
    }

    public long hardwareMaxKhz() {
        return hardwareMaxKhz;
    }

    public String governor() throws IOException {
        return Sysfs.read(directory.resolve("scaling_governor"));
    }

    public List<String> availableGovernors() throws IOException {
        return Arrays.asList(Sysfs.read(directory.resolve("scaling_available_governors")).split("\\s+"));
    }

    @Override
    public void close() throws IOException {
        current.close();
        ceiling.close();
    }
}
