package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the agent sets on one CPU: the frequency ceiling ({@code scaling_max_freq}, kHz) and the governor. */
@RegisterForReflection
public record CpuSetting(long ceilingKhz, String governor) {
}
