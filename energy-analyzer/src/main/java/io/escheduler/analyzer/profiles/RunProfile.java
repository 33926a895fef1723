package io.escheduler.analyzer.profiles;

import java.util.List;

/**
 * A run's energy profile: per node, and for the run as a whole (power summed over its nodes at
 * each sample time; energy summed over its nodes; mean = energy / duration).
 */
public record RunProfile(List<NodeProfile> nodes, double peakWatts, double minWatts, double meanWatts, double energyJoules, int samples) {

    public RunProfile {
        nodes = List.copyOf(nodes);
    }
}
