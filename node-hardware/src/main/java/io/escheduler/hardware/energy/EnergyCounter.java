package io.escheduler.hardware.energy;

/**
 * Turns the readings of one wrapping hardware energy counter into monotonic joules. This is the
 * one place where counter wraps are handled, for every source:
 * <ul>
 *   <li>RAPL energy-status MSRs: 32 bits, wrap at 2^32 counts (262 144 J at 2^-14 J per count);</li>
 *   <li>powercap {@code energy_uj}: wraps after {@code max_energy_range_uj};</li>
 *   <li>perf power events: 64-bit counts, in practice never wrap.</li>
 * </ul>
 * The first reading counts in full (the counter's own value at start, like powercap's
 * {@code energy_uj}); every later reading adds the distance travelled since the previous one,
 * modulo the counter's range. A wrap is seen only if readings are less than one range apart in
 * energy: callers sample at least every half wrap period.
 *
 * <p>Not thread-safe: one sampler feeds it.
 */
public final class EnergyCounter {

    private final long modulus; // counts after which the counter is back at 0; 0 stands for 2^64
    private final double joulesPerCount;
    private long last;
    private boolean started;
    private double joules;
    private long wraps;

    private EnergyCounter(long modulus, double joulesPerCount) {
        if (modulus < 0) {
            throw new IllegalArgumentException("counter range must be positive, got " + modulus);
        }
        if (!(joulesPerCount > 0)) {
            throw new IllegalArgumentException("joules per count must be positive, got " + joulesPerCount);
        }
        this.modulus = modulus;
        this.joulesPerCount = joulesPerCount;
    }

    /** A counter of {@code bits} bits (32 for RAPL MSRs, 64 for perf). */
    public static EnergyCounter ofBits(int bits, double joulesPerCount) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("counter width must be 1..64 bits, got " + bits);
        }
        return new EnergyCounter(bits == 64 ? 0 : 1L << bits, joulesPerCount);
    }

    /** A counter that goes from 0 up to {@code maxCount} inclusive and then back to 0 (powercap). */
    public static EnergyCounter withMaximum(long maxCount, double joulesPerCount) {
        if (maxCount <= 0 || maxCount == Long.MAX_VALUE) {
            throw new IllegalArgumentException("counter maximum must be in 1.." + (Long.MAX_VALUE - 1) + ", got " + maxCount);
        }
        return new EnergyCounter(maxCount + 1, joulesPerCount);
    }

    /** Feeds one raw reading; returns the total joules so far. */
    public double update(long raw) {
        if (modulus != 0 && (raw < 0 || raw >= modulus)) {
            throw new IllegalArgumentException("reading " + raw + " is outside the counter's range 0.." + (modulus - 1));
        }
        if (!started) {
            started = true;
            joules = toJoules(raw);
        } else {
            long delta;
            if (modulus == 0) {
                delta = raw - last; // unsigned 64-bit distance
                if (Long.compareUnsigned(raw, last) < 0) {
                    wraps++;
                }
            } else if (raw >= last) {
                delta = raw - last;
            } else {
                delta = modulus - last + raw;
                wraps++;
            }
            joules += toJoules(delta);
        }
        last = raw;
        return joules;
    }

    private double toJoules(long counts) {
        return (modulus == 0 ? unsignedToDouble(counts) : counts) * joulesPerCount;
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }

    public double joules() {
        return joules;
    }

    /** How many times the hardware counter went past its range. */
    public long wraps() {
        return wraps;
    }

    /** Joules in one full range of the counter. */
    public double rangeJoules() {
        return (modulus == 0 ? Math.scalb(1.0, 64) : modulus) * joulesPerCount;
    }
}
