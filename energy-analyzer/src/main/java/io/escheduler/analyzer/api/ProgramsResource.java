package io.escheduler.analyzer.api;

import io.escheduler.analyzer.reports.EnergyReports;
import io.escheduler.analyzer.reports.ProgramDetail;
import io.escheduler.analyzer.reports.ProgramListing;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /v1/programs} and {@code GET /v1/programs/{name}/energy}. */
@Path("/v1/programs")
@Produces(MediaType.APPLICATION_JSON)
public class ProgramsResource {

    /** Runs per page when {@code limit} is not given, and the most a page holds. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    EnergyReports reports;

    @GET
    @Operation(summary = "Every program with its run counts and the end of its latest run")
    public ProgramListing programs() {
        return reports.programs();
    }

    @GET
    @Path("/{name}/energy")
    @Operation(summary = "A program's energy: max/min/mean/total per run (J) and power (W), per system and overall, and its runs",
            description = "Only complete runs count in the figures. The runs (every status, newest start first) are paged with "
                    + "limit (default 100, at most 1000) and offset.")
    public ProgramDetail energy(@RestPath String name, @RestQuery Integer limit, @RestQuery Integer offset) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        int from = offset == null ? 0 : offset;
        if (from < 0) {
            throw ApiException.badRequest("offset must not be negative");
        }
        return reports.program(name, size, from);
    }
}
