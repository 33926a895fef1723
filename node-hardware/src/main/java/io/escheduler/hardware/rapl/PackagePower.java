package io.escheduler.hardware.rapl;

/**
 * Static power figures of one package (Intel {@code MSR_PKG_POWER_INFO} 0x614, or the powercap
 * long-term constraint's {@code max_power_uw}); 0 where the hardware does not say.
 *
 * @param packageId        as in {@link io.escheduler.hardware.energy.ZoneKey#packageId()}
 * @param thermalSpecWatts TDP
 * @param minWatts         lowest settable limit
 * @param maxWatts         highest settable limit
 */
public record PackagePower(String packageId, double thermalSpecWatts, double minWatts, double maxWatts) {
}
