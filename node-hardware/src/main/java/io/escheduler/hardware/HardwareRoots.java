package io.escheduler.hardware;

import java.nio.file.Path;

/**
 * Where a node's hardware is found. Production: {@code /sys}, {@code /proc}, {@code /dev/cpu/%d/msr};
 * tests point all three into a fixture tree.
 *
 * @param sysfs      sysfs mount
 * @param procfs     procfs mount
 * @param msrPattern MSR device path with {@code %d} for the CPU ({@code /dev/cpu/%d/msr} or {@code /dev/cpu/%d/msr_safe})
 */
public record HardwareRoots(Path sysfs, Path procfs, String msrPattern) {

    public static final HardwareRoots HOST = new HardwareRoots(Path.of("/sys"), Path.of("/proc"), "/dev/cpu/%d/msr");

    public HardwareRoots {
        if (!msrPattern.contains("%d")) {
            throw new IllegalArgumentException("MSR device pattern '" + msrPattern + "' has no %d for the CPU number");
        }
    }
}
