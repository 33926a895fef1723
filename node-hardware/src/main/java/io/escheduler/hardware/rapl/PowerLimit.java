package io.escheduler.hardware.rapl;

/**
 * One RAPL power limit (PL1 = long term, PL2 = short term).
 *
 * @param watts         the limit
 * @param enabled       the limit is enforced
 * @param clamp         the hardware may go below the OS-requested P-state to honour it
 * @param windowSeconds the averaging time window
 */
public record PowerLimit(double watts, boolean enabled, boolean clamp, double windowSeconds) {
}
