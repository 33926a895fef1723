package io.escheduler.analyzer.reports;

/**
 * Sums and extremes over a set of complete runs, which add up without losing anything (unlike
 * means): per system from SQL, overall by {@link #plus}.
 *
 * @param minWatts null when no run had a minimum power
 */
record Totals(long runs, double maxEnergy, double minEnergy, double totalEnergy, double maxPeakWatts, Double minWatts,
              double totalSeconds) {

    static final Totals NONE = new Totals(0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY, null, 0);

    Totals plus(Totals other) {
        Double min = minWatts == null ? other.minWatts : other.minWatts == null ? minWatts : Double.valueOf(Math.min(minWatts, other.minWatts));
        return new Totals(runs + other.runs, Math.max(maxEnergy, other.maxEnergy), Math.min(minEnergy, other.minEnergy),
                totalEnergy + other.totalEnergy, Math.max(maxPeakWatts, other.maxPeakWatts), min, totalSeconds + other.totalSeconds);
    }

    /** The summary a person reads; {@code system} null for the overall one. */
    EnergySummary summary(String system) {
        if (runs == 0) {
            return new EnergySummary(system, 0, null, null, null, null, 0);
        }
        return new EnergySummary(system, runs, new EnergySummary.Energy(maxEnergy, minEnergy, totalEnergy / runs, totalEnergy),
                maxPeakWatts, minWatts, totalSeconds > 0 ? totalEnergy / totalSeconds : null, totalSeconds);
    }
}
