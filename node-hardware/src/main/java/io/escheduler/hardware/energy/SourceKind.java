package io.escheduler.hardware.energy;

import java.util.Locale;

/** Where RAPL energy is read from. */
public enum SourceKind {
    /** MSR devices ({@code /dev/cpu/N/msr} or msr-safe). */
    MSR,
    /** The perf {@code power} PMU through {@code perf_event_open(2)}. */
    PERF,
    /** The kernel's powercap sysfs ({@code /sys/class/powercap/intel-rapl:*}). */
    POWERCAP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
