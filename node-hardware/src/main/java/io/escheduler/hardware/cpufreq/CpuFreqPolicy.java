package io.escheduler.hardware.cpufreq;

import io.escheduler.hardware.sysfs.AttributeFile;
import io.escheduler.hardware.sysfs.Sysfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The cpufreq attributes of one CPU, {@code <sysfs>/devices/system/cpu/cpuN/cpufreq/}, all in kHz:
 * the frequency now ({@code scaling_cur_freq}), the ceiling in force ({@code scaling_max_freq}),
 * the hardware range ({@code cpuinfo_min_freq}, {@code cpuinfo_max_freq}, read once) and the
 * governor. The ceiling and the governor can be written (as root): plain sysfs writes, so the
 * kernel's answer is the only validation beyond refusing what cannot be written at all. The
 * kernel does not refuse a ceiling outside the hardware range: it clamps it, and other frequency
 * limits (thermal, firmware, {@code scaling_min_freq}) can hold the effective ceiling elsewhere, so
 * callers read {@link #ceilingKhz()} back to learn what took effect.
 *
 * <p>The two attributes that can be written are read through their path each time, as they are
 * written: a handle kept open would go on reading the old file once a driver reload has replaced
 * it. The frequency now, read at every sample and never written, is kept open.
 *
 * <p>Not thread-safe: callers serialise.
 */
public final class CpuFreqPolicy implements Closeable {

    private final int cpu;
    private final Path directory;
    private final AttributeFile current;
    private final Path ceiling;
    private final Path governor;
    private final long hardwareMinKhz;
    private final long hardwareMaxKhz;

    private CpuFreqPolicy(int cpu, Path directory, long hardwareMinKhz, long hardwareMaxKhz) {
        this.cpu = cpu;
        this.directory = directory;
        this.current = new AttributeFile(directory.resolve("scaling_cur_freq"));
        this.ceiling = directory.resolve("scaling_max_freq");
        this.governor = directory.resolve("scaling_governor");
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
        return Sysfs.readLong(ceiling);
    }

    /**
     * Writes {@code scaling_max_freq}. {@link #ceilingKhz()} reads the new value afterwards.
     *
     * @throws IllegalArgumentException when {@code khz} is not positive
     * @throws NoSuchFileException      when the CPU has no {@code scaling_max_freq} (no cpufreq; the file is not created)
     * @throws IOException              when the kernel refuses the write; the message names the file and the errno
     */
    public void setCeilingKhz(long khz) throws IOException {
        if (khz <= 0) {
            throw new IllegalArgumentException("CPU " + cpu + ": frequency ceiling must be positive, got " + khz + " kHz");
        }
        Sysfs.write(ceiling, Long.toString(khz));
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
        return Sysfs.read(governor);
    }

    /**
     * Writes {@code scaling_governor}.
     *
     * @throws IllegalArgumentException when {@code governor} is blank or contains white space (no governor name does)
     * @throws NoSuchFileException      when the CPU has no cpufreq (the file is not created)
     * @throws IOException              when the kernel refuses it ({@code Invalid argument}: no such governor built in)
     */
    public void setGovernor(String governor) throws IOException {
        if (governor == null || governor.isEmpty() || governor.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("CPU " + cpu + ": not a governor name: '" + governor + "'");
        }
        Sysfs.write(this.governor, governor);
    }

    /**
     * The governors {@code scaling_available_governors} lists, or an empty list when the driver does
     * not publish that file (intel_pstate and acpi-cpufreq do; some ARM and virtual drivers don't):
     * then {@link #setGovernor} is the only way to learn whether a governor is accepted.
     */
    public List<String> availableGovernors() throws IOException {
        String text;
        try {
            text = Sysfs.read(directory.resolve("scaling_available_governors"));
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
