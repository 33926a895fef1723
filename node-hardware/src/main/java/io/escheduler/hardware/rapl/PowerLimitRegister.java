package io.escheduler.hardware.rapl;

import java.util.Optional;

/**
 * A RAPL power-limit register decoded: package (0x610) and PSys (0x65C) hold PL1 in bits 23:0 and
 * PL2 in bits 55:32 with the lock in bit 63; DRAM (0x618), PP0 (0x638) and PP1 (0x640) hold one
 * limit in bits 23:0 with the lock in bit 31.
 *
 * <p>Each limit: power bits 14:0 (in power units), enable 15, clamp 16, time window 23:17 as
 * 2^Y · (1 + F/4) · time unit with Y = field bits 4:0 and F = field bits 6:5.
 *
 * @param longTerm  PL1
 * @param shortTerm PL2, absent on single-limit registers
 * @param locked    the register is locked until reset: writes are ignored by the hardware
 */
public record PowerLimitRegister(PowerLimit longTerm, Optional<PowerLimit> shortTerm, boolean locked) {

    static final int POWER_BITS = 15;
    static final long POWER_MASK = (1L << POWER_BITS) - 1;
    static final int ENABLE_BIT = 15;
    static final int CLAMP_BIT = 16;
    static final int WINDOW_SHIFT = 17;
    static final long WINDOW_MASK = 0x7F;
    static final int SECOND_LIMIT_SHIFT = 32;

    public static PowerLimitRegister decode(long raw, RaplUnits units, boolean twoLimits) {
        PowerLimit first = decodeLimit(raw, units);
        Optional<PowerLimit> second = twoLimits ? Optional.of(decodeLimit(raw >>> SECOND_LIMIT_SHIFT, units)) : Optional.empty();
        boolean locked = twoLimits ? (raw >>> 63 & 1) == 1 : (raw >>> 31 & 1) == 1;
        return new PowerLimitRegister(first, second, locked);
    }

    private static PowerLimit decodeLimit(long bits, RaplUnits units) {
        double watts = (bits & POWER_MASK) * units.wattsPerCount();
        boolean enabled = (bits >>> ENABLE_BIT & 1) == 1;
        boolean clamp = (bits >>> CLAMP_BIT & 1) == 1;
        double window = decodeWindow((int) (bits >>> WINDOW_SHIFT & WINDOW_MASK), units);
        return new PowerLimit(watts, enabled, clamp, window);
    }

    /** 2^Y · (1 + F/4) · time unit, Y = bits 4:0, F = bits 6:5 of the 7-bit field. */
    public static double decodeWindow(int field, RaplUnits units) {
        int y = field & 0x1F;
        int f = (field >>> 5) & 0x3;
        return Math.scalb(1.0 + f / 4.0, y) * units.secondsPerCount();
    }

    /**
     * The 7-bit window field closest to {@code seconds} (ties go to the shorter window).
     *
     * @throws IllegalArgumentException when {@code seconds} is not positive
     */
    public static int encodeWindow(double seconds, RaplUnits units) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("time window must be positive, got " + seconds + " s");
        }
        int best = 0;
        double bestError = Double.MAX_VALUE;
        for (int field = 0; field <= WINDOW_MASK; field++) {
            double error = Math.abs(decodeWindow(field, units) - seconds);
            if (error < bestError || (error == bestError && decodeWindow(field, units) < decodeWindow(best, units))) {
                best = field;
                bestError = error;
            }
        }
        return best;
    }

    /** The power field for {@code watts}, rounded to the nearest power unit. */
    public static long encodeWatts(double watts, RaplUnits units) {
        long counts = Math.round(watts / units.wattsPerCount());
        if (watts < 0 || counts > POWER_MASK) {
            throw new IllegalArgumentException(String.format("%.3f W cannot be encoded: the register holds 0 to %.3f W at %s W per unit",
                    watts, POWER_MASK * units.wattsPerCount(), units.wattsPerCount()));
        }
        return counts;
    }

    /**
     * {@code raw} with limit {@code index} (0 = PL1, 1 = PL2) replaced by {@code limit}; every other
     * bit, the lock and reserved bits included, is kept.
     */
    public static long withLimit(long raw, int index, PowerLimit limit, RaplUnits units) {
        if (index != 0 && index != 1) {
            throw new IllegalArgumentException("limit index must be 0 (PL1) or 1 (PL2), got " + index);
        }
        long bits = encodeWatts(limit.watts(), units)
                | (limit.enabled() ? 1L << ENABLE_BIT : 0)
                | (limit.clamp() ? 1L << CLAMP_BIT : 0)
                | ((long) encodeWindow(limit.windowSeconds(), units) << WINDOW_SHIFT);
        int shift = index * SECOND_LIMIT_SHIFT;
        long fieldMask = 0xFFFFFFL << shift; // bits 23:0 of the limit
        return (raw & ~fieldMask) | (bits << shift);
    }
}
