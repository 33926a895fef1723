package io.escheduler.analyzer.profiles;

/**
 * A run's profile on one node: power in watts (peak and minimum of the curve's samples, mean =
 * energy / duration) and energy in joules over the run, with the number of curve samples.
 */
public record NodeProfile(String node, double peakWatts, double minWatts, double meanWatts, double energyJoules, int samples) {
}
