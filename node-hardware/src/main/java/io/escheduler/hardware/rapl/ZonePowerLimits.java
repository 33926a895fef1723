package io.escheduler.hardware.rapl;

import io.escheduler.hardware.energy.ZoneKey;

/** The power limits in force on one zone. */
public record ZonePowerLimits(ZoneKey key, PowerLimitRegister limits) {
}
