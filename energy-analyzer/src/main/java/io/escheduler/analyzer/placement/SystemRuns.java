package io.escheduler.analyzer.placement;

/**
 * A program's complete runs on one system, as placement needs them.
 *
 * @param system          the system's name
 * @param runs            complete runs of the program there (0: it never ran there)
 * @param peakWatts       highest run peak power there, W; null when {@code runs == 0}
 * @param meanEnergyJoules mean energy per run there, J; null when {@code runs == 0}
 */
public record SystemRuns(String system, long runs, Double peakWatts, Double meanEnergyJoules) {
}
