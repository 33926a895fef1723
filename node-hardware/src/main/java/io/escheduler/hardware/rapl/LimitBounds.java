package io.escheduler.hardware.rapl;

/**
 * What a {@link PowerLimitControl} backend can set on one package, as the hardware or the kernel
 * reports it (each backend documents its sources and fallbacks). Callers validate against these;
 * the limits in force may lie outside them (firmware may set PL1 above the TDP on cTDP-up parts).
 *
 * @param minWatts          lowest limit worth setting, W
 * @param maxLongTermWatts  highest PL1, W (the TDP)
 * @param maxShortTermWatts highest PL2, W (the package's maximum power)
 * @param minWindowSeconds  shortest time window, s
 * @param maxWindowSeconds  longest time window, s
 * @param wattsResolution   the step the hardware stores limits in, W; read-back may differ from a request by up to this
 */
public record LimitBounds(double minWatts, double maxLongTermWatts, double maxShortTermWatts,
                          double minWindowSeconds, double maxWindowSeconds, double wattsResolution) {
}
