package io.escheduler.analyzer.reports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/programs}: every program with its run counts, by name. */
@RegisterForReflection
public record ProgramListing(List<Entry> programs) {

    /**
     * @param runs       runs in every status
     * @param lastRunEnd end of its latest run (any status); null when it has none
     */
    @RegisterForReflection
    public record Entry(String name, long runs, long completeRuns, long pendingRuns, long failedRuns, Instant lastRunEnd) {
    }
}
