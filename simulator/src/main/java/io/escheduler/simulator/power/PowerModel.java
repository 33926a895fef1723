package io.escheduler.simulator.power;

/**
 * How much a node draws and how fast it works, from its SPECpower_ssj2008 curve, its standby, boot and shutdown
 * figures, its frequency range and its packages' TDP (docs/simulator.md, "Power model").
 *
 * <p><b>Speed.</b> Demand {@code d} is CPU work per second as a fraction of the node's CPUs at the nominal (maximum
 * non-turbo) frequency {@code maxKhz}. With a frequency ceiling {@code f}, CPU-bound work runs at {@code r = f/maxKhz}
 * of nominal speed: the node serves {@code min(d, r)} and its CPUs are busy {@code u = min(1, d/r)}.
 *
 * <p><b>Power.</b> {@code P = P(0) + (curve(u) − P(0)) · r^γ}: active idle does not change with the ceiling (idle
 * cores sleep in C-states whatever their P-state), and the load-dependent part scales with the CMOS dynamic power
 * {@code C·V²·f}. With the voltage falling with the frequency, {@code γ} is between 2 and 3; {@code γ = 1} would be a
 * fixed voltage. Dynamic power therefore falls faster than the frequency, while the work takes longer.
 *
 * <p><b>RAPL.</b> What the node's exporter reports (package and DRAM power, the capping policies' input) is modelled
 * as {@code tdp · (P − off) / (curve(1) − off)}: linear in wall power above standby, the packages' TDP at the
 * benchmark's 100 % point. A package power limit {@code L} therefore bounds wall power to
 * {@code off + (L / tdp)·(curve(1) − off)}, and the node runs at the highest ceiling (down to {@code minKhz}) that
 * keeps it there.
 *
 * @param curve           the SPECpower_ssj2008 curve at the nominal frequency
 * @param offWatts        power while off (BMC standby)
 * @param bootSeconds     from power-on to Ready
 * @param bootJoules      energy of one boot
 * @param shutdownSeconds from power-off to off; the node draws active idle meanwhile
 * @param minKhz          the lowest frequency ceiling (cpufreq {@code cpuinfo_min_freq})
 * @param maxKhz          the nominal frequency the curve was measured at
 * @param tdpWatts        the packages' TDP summed ({@code rapl_thermal_design_power_watts})
 * @param gamma           the dynamic-power exponent {@code γ}
 */
public record PowerModel(PowerCurve curve, double offWatts, double bootSeconds, double bootJoules, double shutdownSeconds,
                         long minKhz, long maxKhz, double tdpWatts, double gamma) {

    public PowerModel {
        if (offWatts < 0 || offWatts >= curve.idleWatts()) {
            throw new IllegalArgumentException("offWatts must be at least 0 and below the active-idle power " + curve.idleWatts() + " W, got " + offWatts);
        }
        if (!(bootSeconds > 0) || bootJoules < 0 || shutdownSeconds < 0) {
            throw new IllegalArgumentException("bootSeconds must be positive, bootJoules and shutdownSeconds not negative");
        }
        if (!(0 < minKhz && minKhz <= maxKhz)) {
            throw new IllegalArgumentException("need 0 < minKhz <= maxKhz, got " + minKhz + " and " + maxKhz);
        }
        if (!(tdpWatts > 0)) {
            throw new IllegalArgumentException("tdpWatts must be positive, got " + tdpWatts);
        }
        if (!(gamma >= 1 && gamma <= 3)) {
            throw new IllegalArgumentException("dynamicPowerExponent must be between 1 and 3, got " + gamma);
        }
    }

    /** The speed ratio of ceiling {@code khz}: {@code khz / maxKhz}, within {@code [minKhz, maxKhz]}. */
    public double ratio(long khz) {
        return (double) Math.max(minKhz, Math.min(maxKhz, khz)) / maxKhz;
    }

    public double minRatio() {
        return (double) minKhz / maxKhz;
    }

    /** Wall power at demand {@code d} and speed ratio {@code r}. */
    public double watts(double demand, double r) {
        double busy = busy(demand, r);
        double idle = curve.idleWatts();
        return idle + (curve.watts(busy) - idle) * Math.pow(r, gamma);
    }

    /** The busy fraction at demand {@code d} and speed ratio {@code r}. */
    public static double busy(double demand, double r) {
        return Math.min(1, Math.max(0, demand) / r);
    }

    /** The demand served at speed ratio {@code r}: {@code min(d, r)}. */
    public static double served(double demand, double r) {
        return Math.min(Math.max(0, demand), r);
    }

    /** What the exporter would report as the node's RAPL power at wall power {@code wallWatts}. */
    public double raplWatts(double wallWatts) {
        return Math.max(0, tdpWatts * (wallWatts - offWatts) / (curve.maxWatts() - offWatts));
    }

    /** The wall power a package limit of {@code limitWatts} allows. */
    public double wallLimit(double limitWatts) {
        return offWatts + limitWatts / tdpWatts * (curve.maxWatts() - offWatts);
    }

    /**
     * The speed ratio at demand {@code d} under ceiling ratio {@code ceiling} and, when {@code limitWatts > 0}, a package
     * power limit: the highest ratio not above the ceiling whose power keeps within the limit, but never below
     * {@code minKhz} (RAPL's clock modulation below the lowest P-state is not modelled).
     */
    public double speed(double demand, double ceiling, double limitWatts) {
        double r = Math.max(minRatio(), Math.min(1, ceiling));
        if (limitWatts <= 0) {
            return r;
        }
        double allowed = wallLimit(limitWatts);
        if (watts(demand, r) <= allowed) {
            return r;
        }
        double lo = minRatio();
        if (watts(demand, lo) >= allowed) {
            return lo;
        }
        double hi = r;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (watts(demand, mid) <= allowed) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Power while booting: the boot energy spread over the boot time. */
    public double bootWatts() {
        return bootJoules / bootSeconds;
    }
}
