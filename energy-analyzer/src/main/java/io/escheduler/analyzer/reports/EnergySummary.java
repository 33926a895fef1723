package io.escheduler.analyzer.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A program's complete runs on one system (or on all of them: {@code system} absent), seed 1's
 * "maximum, minimum, mean and total energy consumption". Power in watts, energy in joules, time in
 * seconds; the figures are null when there is no complete run.
 *
 * @param energyJoules    energy per run: max, min, mean, and the total over all runs
 * @param peakWatts       highest peak power of any run
 * @param minWatts        lowest minimum power of any run
 * @param meanWatts       time-weighted mean power: total energy over total run time
 * @param durationSeconds total run time
 */
@RegisterForReflection
public record EnergySummary(@JsonInclude(JsonInclude.Include.NON_NULL) String system, long runs, Energy energyJoules,
                            Double peakWatts, Double minWatts, Double meanWatts, double durationSeconds) {

    /** Energy per run, J. */
    @RegisterForReflection
    public record Energy(double max, double min, double mean, double total) {
    }
}
