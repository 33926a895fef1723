package io.escheduler.analyzer.reports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * A run and its energy profile over all its nodes (power W, energy J); the figures are null until
 * the run is complete. {@code lastError} says why a pending run waits or a failed one gave up.
 */
@RegisterForReflection
public record RunProfile(long id, String system, List<String> nodes, Instant start, Instant end, double durationSeconds,
                         String status, Double peakWatts, Double minWatts, Double meanWatts, Double energyJoules,
                         Integer samples, String lastError, List<NodeProfile> nodeProfiles) {

    RunProfile withNodeProfiles(List<NodeProfile> profiles) {
        return new RunProfile(id, system, nodes, start, end, durationSeconds, status, peakWatts, minWatts, meanWatts, energyJoules,
                samples, lastError, List.copyOf(profiles));
    }

    /** The run on one of its nodes. */
    @RegisterForReflection
    public record NodeProfile(String node, double peakWatts, double minWatts, double meanWatts, double energyJoules, int samples) {
    }
}
