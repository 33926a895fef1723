package io.escheduler.analyzer.api;

import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunNodeProfile;
import io.escheduler.analyzer.runs.RunRecorder;
import io.escheduler.analyzer.runs.RunRequest;
import io.escheduler.auth.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Job runs reported by batch systems (a Slurm epilog, any scheduler); Kubernetes runs are discovered by themselves. */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final RunRecorder recorder;
    private final Caller caller;

    public RunsResource(RunRecorder recorder, Caller caller) {
        this.recorder = recorder;
        this.caller = caller;
    }

    /** A run and, once computed, its energy profile. */
    @RegisterForReflection
    public record RunView(long id, String program, String system, List<String> nodes, Instant start, Instant end, double durationSeconds,
                          String source, String status, int attempts, String lastError, Double peakWatts, Double minWatts,
                          Double meanWatts, Double energyJoules, Map<String, NodeProfileView> perNode) {

        static RunView of(Run run) {
            Map<String, NodeProfileView> perNode = new java.util.TreeMap<>();
            for (RunNodeProfile profile : run.nodeProfiles) {
                perNode.put(profile.node, new NodeProfileView(profile.peakWatts, profile.minWatts, profile.meanWatts, profile.energyJoules,
                        profile.samples));
            }
            return new RunView(run.id, run.program.name, run.system.name, Arrays.asList(run.nodes), run.startedAt, run.endedAt,
                    run.durationSeconds(), run.source.name(), run.status.name(), run.attempts, run.lastError, run.peakWatts, run.minWatts,
                    run.meanWatts, run.energyJoules, perNode);
        }
    }

    /** A run's profile on one node. */
    @RegisterForReflection
    public record NodeProfileView(double peakWatts, double minWatts, double meanWatts, double energyJoules, int samples) {
    }

    @POST
    @Operation(summary = "Record a finished run (program, system and/or nodes, start, end, optional id); recorded once",
            description = "program, start and end (ISO-8601) are required, and system (all its known nodes), nodes (all known, of "
                    + "one system) or both. end must be after start and at most 60 s in the future. 201 when recorded, 200 when it "
                    + "already was (same id, or same program, nodes, start and end); 400 for a malformed body; 422 for an unknown "
                    + "system or node, nodes of two systems, an end not after start or too far ahead. Needs a writer's bearer token.")
    public Response record(RunRequest request) {
        RunRecorder.Recorded recorded = recorder.record(request, caller.name());
        RunView view = view(recorded.run().id);
        return (recorded.created() ? Response.created(URI.create("/v1/runs/" + view.id())) : Response.ok()).entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run and its energy profile (pending until Prometheus has the data)")
    public RunView get(@PathParam("id") long id) {
        return view(id);
    }

    @Transactional
    RunView view(long id) {
        Run run = Run.findById(id);
        if (run == null) {
            throw ApiException.notFound("no run " + id, null);
        }
        return RunView.of(run);
    }
}
