package io.escheduler.analyzer.api;

import io.escheduler.analyzer.placement.PlacementRanking;
import io.escheduler.analyzer.placement.PlacementStrategy;
import io.escheduler.analyzer.placement.Placer;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/placement?program=X[&candidate=a&candidate=b][&strategy=peak-power|energy][&limit=N]}:
 * the systems ranked for a program, best first, each with the reason for its rank.
 */
@Path("/v1/placement")
@Produces(MediaType.APPLICATION_JSON)
public class PlacementResource {

    @Inject
    Placer placer;

    @GET
    @Operation(summary = "Rank systems for a program",
            description = "Seed 1's rule (default strategy peak-power): each candidate system scores the highest peak power of the "
                    + "program's complete runs there, 0 where it never ran; lowest first, equal scores by system name. "
                    + "strategy=energy scores the mean energy per run (J). Candidates default to every known system.")
    @APIResponse(responseCode = "200", description = "The ranking, best first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlacementRanking.class)))
    public byte[] placement(@RestQuery String program, @RestQuery List<String> candidate, @RestQuery String strategy,
                            @RestQuery Integer limit) {
        if (program == null || program.isBlank()) {
            throw ApiException.badRequest("program is required: GET /v1/placement?program=NAME");
        }
        PlacementStrategy chosen = strategy == null || strategy.isBlank() ? PlacementStrategy.PEAK_POWER
                : PlacementStrategy.parse(strategy.strip()).orElseThrow(() -> new ApiException(400,
                        "unknown strategy '" + strategy + "'", Map.of("allowed", PlacementStrategy.wireNames())));
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit must be at least 1");
        }
        List<String> candidates = new ArrayList<>();
        if (candidate != null) {
            for (String name : candidate) {
                if (name == null || name.isBlank()) {
                    throw ApiException.badRequest("candidate must not be empty");
                }
                candidates.add(name.strip());
            }
        }
        return placer.answer(program.strip(), candidates, chosen, limit == null ? 0 : limit);
    }
}
