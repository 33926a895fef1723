package io.escheduler.policies.dvfs;

import io.escheduler.policies.PolicyDefaults;

import java.time.Duration;

/**
 * Settings of the DVFS policy ({@code dvfs.*}, defaults in {@link PolicyDefaults}).
 *
 * @param lowerBelowPercent   lower the ceiling when CPU utilisation stayed under this (percent) for the whole window
 * @param restoreAbovePercent restore it when utilisation rises above this; between the two nothing changes
 *                            (hysteresis)
 * @param window              how long utilisation must stay low ({@code NodeMetrics.peakUtilisation} spans it)
 * @param target              the ceiling to set: {@code min} (the CPUs' lowest frequency, resolved by the
 *                            node's actuator) or a frequency in kHz
 */
public record DvfsConfig(double lowerBelowPercent, double restoreAbovePercent, Duration window, String target) {

    public static final DvfsConfig DEFAULTS = new DvfsConfig(PolicyDefaults.number(PolicyDefaults.DVFS_LOWER_BELOW_PERCENT),
            PolicyDefaults.number(PolicyDefaults.DVFS_RESTORE_ABOVE_PERCENT), PolicyDefaults.duration(PolicyDefaults.DVFS_WINDOW),
            PolicyDefaults.DVFS_TARGET);

    public DvfsConfig {
        if (!(0 <= lowerBelowPercent && lowerBelowPercent < restoreAbovePercent && restoreAbovePercent <= 100)) {
            throw new IllegalArgumentException("dvfs: need 0 <= lower-below-percent < restore-above-percent <= 100, got "
                    + lowerBelowPercent + " and " + restoreAbovePercent);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("dvfs.window must be positive: " + window);
        }
        if (!"min".equals(target) && !target.matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("dvfs.target must be min or a frequency in kHz: " + target);
        }
    }
}
