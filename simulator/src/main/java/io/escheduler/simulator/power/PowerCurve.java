package io.escheduler.simulator.power;

/**
 * A server's wall power against load in SPECpower_ssj2008 form: the average active power at active idle and at
 * target loads of 10 %, 20 % … 100 % of its calibrated maximum throughput, linearly interpolated between the
 * points (the benchmark's own reading of its eleven levels; SPECpower_ssj2008 Result File Fields, 4.1 and 4.2).
 * Load here is the busy fraction of the node's CPUs at its nominal frequency.
 */
public final class PowerCurve {

    /** Active idle, then 10 % … 100 %. */
    public static final int POINTS = 11;

    private final double[] watts;

    /** @param watts eleven non-decreasing positive numbers */
    public PowerCurve(double[] watts) {
        if (watts.length != POINTS) {
            throw new IllegalArgumentException("a power curve has 11 numbers (active idle, then 10 % … 100 % load), got " + watts.length);
        }
        for (int i = 0; i < POINTS; i++) {
            if (!(watts[i] > 0)) {
                throw new IllegalArgumentException("power at " + label(i) + " must be positive, got " + watts[i]);
            }
            if (i > 0 && watts[i] < watts[i - 1]) {
                throw new IllegalArgumentException("power must not fall as load rises: " + watts[i] + " W at " + label(i)
                        + " < " + watts[i - 1] + " W at " + label(i - 1));
            }
        }
        this.watts = watts.clone();
    }

    /** Watts at busy fraction {@code load} (clamped to 0..1). */
    public double watts(double load) {
        double x = Math.max(0, Math.min(1, load)) * 10;
        int i = (int) Math.floor(x);
        if (i >= 10) {
            return watts[10];
        }
        return watts[i] + (watts[i + 1] - watts[i]) * (x - i);
    }

    public double idleWatts() {
        return watts[0];
    }

    public double maxWatts() {
        return watts[10];
    }

    public double[] points() {
        return watts.clone();
    }

    /** {@code active idle} or {@code 40 % load}. */
    public static String label(int point) {
        return point == 0 ? "active idle" : point * 10 + " % load";
    }
}
