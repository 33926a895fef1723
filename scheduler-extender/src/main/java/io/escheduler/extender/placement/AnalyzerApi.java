package io.escheduler.extender.placement;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The energy-analyzer endpoint the extender reads. Only {@link GuardedAnalyzer} calls it: it owns the timeout and
 * the circuit breaker. Every known system is ranked (no {@code candidate} parameters): one answer per program serves
 * every pod of that program, and 5000 candidate names would not fit in a URL.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface AnalyzerApi {

    /** @param authorization {@code Bearer <token>}, or null for none */
    @GET
    @Path("/placement")
    PlacementAnswer placement(@QueryParam("program") String program, @HeaderParam("Authorization") String authorization);
}
