package io.escheduler.extender.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.extender.binding.Binder;
import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.nodes.NodeIndex;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.placement.PlacementClient;
import io.escheduler.extender.protocol.CandidateNames;
import io.escheduler.extender.protocol.CandidateNode;
import io.escheduler.extender.protocol.ExtenderArgs;
import io.escheduler.extender.protocol.ExtenderArgsReader;
import io.escheduler.extender.protocol.ExtenderBindingArgs;
import io.escheduler.extender.protocol.ExtenderBindingResult;
import io.escheduler.extender.protocol.ExtenderFilterResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.escheduler.extender.protocol.ProtocolWriter;
import io.escheduler.extender.verdict.FilterDecision;
import io.escheduler.extender.verdict.Scoring;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three verbs kube-scheduler calls ({@code k8s.io/kube-scheduler/extender/v1}): each answers 200 with the verb's
 * result, or 400 with {@code {"Error": "..."}} and a log line when the body is not the verb's JSON. Node state comes
 * from the {@link NodeCache} (the Node objects of a {@code nodeCacheCapable: false} request stand in for nodes the
 * cache does not hold yet).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ExtenderResource {

    private static final Logger LOG = Logger.getLogger(ExtenderResource.class);

    private final NodeCache nodes;
    private final PlacementClient placement;
    private final Binder binder;
    private final ExtenderMetrics metrics;
    private final ExtenderArgsReader reader;
    private final ObjectMapper json;

    public ExtenderResource(NodeCache nodes, PlacementClient placement, Binder binder, ExtenderMetrics metrics, ExtenderConfig config,
                            ObjectMapper json) {
        this.nodes = nodes;
        this.placement = placement;
        this.binder = binder;
        this.metrics = metrics;
        this.reader = new ExtenderArgsReader(config.programLabel(), config.energyAwareAnnotation(), config.systemLabel());
        this.json = json;
    }

    @POST
    @Path("/filter")
    @NonBlocking // reads the cache and the body only: answered on the event loop, no hand-off to a worker thread
    @Operation(summary = "kube-scheduler filter: removes throttled nodes while an unthrottled candidate remains")
    public Response filter(byte[] body) {
        long start = System.nanoTime();
        try {
            ExtenderArgs args = reader.read(body);
            CandidateNames names = args.names();
            FilterDecision decision = FilterDecision.decide(states(args, names));
            for (FilterDecision.Verdict verdict : FilterDecision.Verdict.values()) {
                metrics.filterVerdicts(verdict, decision.count(verdict));
            }
            if (decision.removed().length > 0) {
                LOG.debugf("filter %s/%s: %d of %d nodes removed as throttled", args.pod().namespace(), args.pod().name(),
                        decision.removed().length, names.count());
            }
            if (args.byName()) {
                return ok(ProtocolWriter.filterResultByName(names, decision.kept(), decision.removed(), decision.reasons()));
            }
            List<CandidateNode> keptNodes = new ArrayList<>(decision.kept().length);
            for (int index : decision.kept()) {
                keptNodes.add(args.nodes().get(index));
            }
            Map<String, String> failed = new LinkedHashMap<>();
            for (int i = 0; i < decision.removed().length; i++) {
                failed.put(names.name(decision.removed()[i]), decision.reasons()[i]);
            }
            return ok(ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, keptNodes, null, failed)));
        } catch (MalformedRequestException e) {
            return malformed("filter", e, body);
        } finally {
            metrics.latency("filter", start);
        }
    }

    /**
     * Answered on the event loop when no placement is needed or the program's ranking is cached; a ranking to ask the
     * analyzer for (a blocking call of up to {@code scheduler-extender.analyzer.timeout}) is fetched on a worker thread.
     */
    @POST
    @Path("/prioritize")
    @Operation(summary = "kube-scheduler prioritize: scores 0..10, unthrottled above throttled, energy-aware pods by placement")
    public Uni<Response> prioritize(byte[] body) {
        long start = System.nanoTime();
        ExtenderArgs args;
        try {
            args = reader.read(body);
        } catch (MalformedRequestException e) {
            metrics.latency("prioritize", start);
            return Uni.createFrom().item(malformed("prioritize", e, body));
        }
        if (!args.pod().wantsPlacement()) {
            return Uni.createFrom().item(prioritize(args, null, "throttling-only", start));
        }
        Optional<Map<String, Double>> cached = placement.cachedRanking(args.pod().program());
        if (cached.isPresent()) {
            return Uni.createFrom().item(prioritize(args, cached.get(), "energy", start));
        }
        return Uni.createFrom().item(() -> {
            Map<String, Double> ranking = placement.ranking(args.pod().program()).orElse(null);
            return prioritize(args, ranking, ranking == null ? "no-ranking" : "energy", start);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response prioritize(ExtenderArgs args, Map<String, Double> ranking, String verdict, long start) {
        try {
            metrics.verdicts("prioritize", verdict, 1);
            CandidateNames names = args.names();
            return ok(ProtocolWriter.hostPriorities(names, Scoring.scores(states(args, names), ranking)));
        } finally {
            metrics.latency("prioritize", start);
        }
    }

    @POST
    @Path("/bind")
    @Operation(summary = "kube-scheduler bind: restores a throttled node through its node-actuator, then creates the Binding")
    public Response bind(byte[] body) {
        long start = System.nanoTime();
        try {
            ExtenderBindingArgs args;
            try {
                args = body == null || body.length == 0 ? null : json.readValue(body, ExtenderBindingArgs.class);
            } catch (JsonProcessingException e) {
                throw new MalformedRequestException("malformed JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new MalformedRequestException("unreadable body: " + e.getMessage(), e);
            }
            ExtenderBindingResult result = binder.bind(args);
            try {
                return ok(json.writeValueAsBytes(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + result, e);
            }
        } catch (MalformedRequestException e) {
            return malformed("bind", e, body);
        } finally {
            metrics.latency("bind", start);
        }
    }

    /** Each candidate's state: the cache's, else (list mode) the request's Node object, else null (unknown). */
    private NodeState[] states(ExtenderArgs args, CandidateNames names) {
        NodeIndex index = nodes.index();
        NodeState[] states = new NodeState[names.count()];
        if (args.byName()) {
            byte[] source = names.source();
            for (int i = 0; i < states.length; i++) {
                states[i] = names.escaped(i) ? index.get(names.name(i))
                        : index.get(source, names.contentFrom(i), names.contentTo(i), names.hash(i));
            }
        } else {
            for (int i = 0; i < states.length; i++) {
                CandidateNode node = args.nodes().get(i);
                NodeState cached = index.get(node.name());
                states[i] = cached != null ? cached : node.state();
            }
        }
        return states;
    }

    private Response malformed(String verb, MalformedRequestException e, byte[] body) {
        metrics.verdicts(verb, "malformed", 1);
        LOG.warnf("%s: malformed request (%d bytes) answered 400: %s", verb, body == null ? 0 : body.length, e.getMessage());
        return Response.status(Response.Status.BAD_REQUEST).entity(ProtocolWriter.error(e.getMessage())).type(MediaType.APPLICATION_JSON).build();
    }

    private static Response ok(byte[] json) {
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }

    private static Response ok(Buffer json) {
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }
}
