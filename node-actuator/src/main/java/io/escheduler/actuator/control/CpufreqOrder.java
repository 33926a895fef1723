package io.escheduler.actuator.control;

import java.time.Duration;
import java.util.List;

/**
 * A validated-for-shape {@code PUT /v1/cpufreq}; ranges are checked against the hardware by {@link Actuator}.
 *
 * @param ceiling    kind of ceiling, or null to leave the ceiling as it is
 * @param ceilingKhz the ceiling when {@code ceiling} is {@link Ceiling#KHZ}
 * @param governor   the governor, or null to leave it
 * @param cpus       the CPUs, or null for every CPU
 * @param ttl        how long the change lasts unless renewed, or null: until restored
 */
public record CpufreqOrder(Ceiling ceiling, long ceilingKhz, String governor, List<Integer> cpus, Duration ttl) {

    /** A ceiling in kHz, or the CPU's hardware minimum or maximum. */
    public enum Ceiling {
        KHZ, MIN, MAX
    }
}
