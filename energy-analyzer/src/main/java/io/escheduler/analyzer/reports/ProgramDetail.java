package io.escheduler.analyzer.reports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code GET /v1/programs/{name}/energy}: the report of one program plus a page of its runs (every
 * status; newest start first). Only complete runs count in the summaries.
 */
@RegisterForReflection
public record ProgramDetail(String program, EnergySummary overall, List<EnergySummary> systems, RunPage runs) {

    /** @param total runs of the program in every status */
    @RegisterForReflection
    public record RunPage(long total, int offset, int limit, List<RunProfile> items) {
    }
}
