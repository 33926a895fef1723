package io.escheduler.extender.api;

import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.nodes.NodeIndex;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.placement.PlacementClient;
import io.escheduler.extender.protocol.CandidateNames;
import io.escheduler.extender.protocol.CandidateNode;
import io.escheduler.extender.protocol.ExtenderArgs;
import io.escheduler.extender.protocol.ExtenderArgsReader;
import io.escheduler.extender.protocol.ExtenderFilterResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.escheduler.extender.protocol.ProtocolWriter;
import io.escheduler.extender.protocol.Scratch;
import io.escheduler.extender.verdict.FilterDecision;
import io.escheduler.extender.verdict.Scoring;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-scheduler's filter and prioritize verbs ({@code k8s.io/kube-scheduler/extender/v1}) as Vert.x routes: each
 * answers 200 with the verb's result, or 400 with {@code {"Error": "..."}} and a log line when the body is not an
 * {@code ExtenderArgs}. They are on the scheduling path of every pod, with bodies of tens of kilobytes (names) to tens
 * of megabytes (Node lists), so they take the body as it arrives ({@link RequestBodies}) and answer on the event loop:
 * they read only the Node cache and the request. The one exception is a prioritize whose program ranking is not
 * cached: the analyzer is asked (up to {@code scheduler-extender.analyzer.timeout}) on a worker thread.
 * Described in OpenAPI by {@code META-INF/openapi.yaml}; bind, which waits for the API server and at times for an
 * actuator, is {@link BindRoute}.
 */
@ApplicationScoped
public class VerbRoutes {

    private static final Logger LOG = Logger.getLogger(VerbRoutes.class);

    private final NodeCache nodes;
    private final PlacementClient placement;
    private final ExtenderMetrics metrics;
    private final ExtenderArgsReader reader;
    private final long maxBodyBytes;

    public VerbRoutes(NodeCache nodes, PlacementClient placement, ExtenderMetrics metrics, ExtenderConfig config,
                      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody) {
        this.nodes = nodes;
        this.placement = placement;
        this.metrics = metrics;
        this.reader = new ExtenderArgsReader(config.programLabel(), config.energyAwareAnnotation(), config.systemLabel());
        this.maxBodyBytes = Math.min(maxBody.asLongValue(), Integer.MAX_VALUE - 8);
    }

    void routes(@Observes Router router) {
        router.post("/filter").handler(ctx -> {
            long start = System.nanoTime();
            RequestBodies.read(ctx, maxBodyBytes, body -> answer(ctx, "filter", start, () -> filter(body)));
        });
        router.post("/prioritize").handler(ctx -> {
            long start = System.nanoTime();
            RequestBodies.read(ctx, maxBodyBytes, body -> prioritize(ctx, body, start));
        });
        for (String path : new String[] {"/filter", "/prioritize"}) {
            router.route(path).handler(ctx -> {
                ctx.response().putHeader("Allow", "POST");
                Responses.refuse(ctx, 405, ctx.request().method() + " " + path + ": kube-scheduler's extender verbs are POST only");
            });
        }
    }

    /** The filter answer of {@code body}. */
    Buffer filter(byte[] body) {
        ExtenderArgs args = reader.read(body);
        CandidateNames names = args.names();
        Scratch scratch = Scratch.forThisThread();
        FilterDecision decision = FilterDecision.decide(states(args, names, scratch), names.count(), scratch);
        for (FilterDecision.Verdict verdict : FilterDecision.Verdict.values()) {
            metrics.filterVerdicts(verdict, decision.count(verdict));
        }
        if (decision.removedCount() > 0) {
            LOG.debugf("filter %s/%s: %d of %d nodes removed as throttled", args.pod().namespace(), args.pod().name(),
                    decision.removedCount(), names.count());
        }
        if (args.byName()) {
            return ProtocolWriter.filterResultByName(names, decision.keptIndexes(), decision.keptCount(), decision.removedIndexes(),
                    decision.removedReasons(), decision.removedCount());
        }
        List<CandidateNode> keptNodes = new ArrayList<>(decision.keptCount());
        for (int i = 0; i < decision.keptCount(); i++) {
            keptNodes.add(args.nodes().get(decision.keptIndexes()[i]));
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (int i = 0; i < decision.removedCount(); i++) {
            failed.put(names.name(decision.removedIndexes()[i]), decision.removedReasons()[i]);
        }
        return ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, keptNodes, null, failed));
    }

    /**
     * On the event loop when no placement is needed or the program's ranking is cached; otherwise the ranking is asked
     * for, and the body read again, on a worker thread (what the event loop read lives in its {@link Scratch}, which
     * its next request reuses).
     */
    private void prioritize(RoutingContext ctx, byte[] body, long start) {
        answer(ctx, "prioritize", start, () -> {
            ExtenderArgs args = reader.read(body);
            if (!args.pod().wantsPlacement()) {
                return prioritize(args, null, "throttling-only");
            }
            Optional<Map<String, Double>> cached = placement.cachedRanking(args.pod().program());
            if (cached.isPresent()) {
                return prioritize(args, cached.get(), "energy");
            }
            String program = args.pod().program();
            ctx.vertx().<Buffer>executeBlocking(() -> {
                Map<String, Double> ranking = placement.ranking(program).orElse(null);
                return prioritize(reader.read(body), ranking, ranking == null ? "no-ranking" : "energy");
            }, false).onComplete(result -> {
                if (result.succeeded()) {
                    Responses.json(ctx, 200, result.result());
                } else {
                    failed(ctx, "prioritize", result.cause());
                }
                metrics.latency("prioritize", start);
            });
            return null;
        });
    }

    private Buffer prioritize(ExtenderArgs args, Map<String, Double> ranking, String verdict) {
        metrics.verdicts("prioritize", verdict, 1);
        CandidateNames names = args.names();
        Scratch scratch = Scratch.forThisThread();
        int[] scores = Scoring.scores(states(args, names, scratch), names.count(), ranking,
                scratch.ints(Scratch.Ints.SCORES, names.count()));
        return ProtocolWriter.hostPriorities(names, scores);
    }

    /**
     * Each candidate's state (the first {@code names.count()} of the array): the cache's, else (list mode) the request's
     * Node object, else null (unknown).
     */
    private NodeState[] states(ExtenderArgs args, CandidateNames names, Scratch scratch) {
        NodeIndex index = nodes.index();
        int count = names.count();
        NodeState[] states = scratch.states(count);
        if (args.byName()) {
            byte[] source = names.source();
            for (int i = 0; i < count; i++) {
                states[i] = names.escaped(i) ? index.get(names.name(i))
                        : index.get(source, names.contentFrom(i), names.contentTo(i), names.hash(i));
            }
        } else {
            for (int i = 0; i < count; i++) {
                CandidateNode node = args.nodes().get(i);
                NodeState cached = index.get(node.name());
                states[i] = cached != null ? cached : node.state();
            }
        }
        return states;
    }

    /** What a verb answers from the event loop: a body, or null when it answers later itself. */
    private interface Verb {
        Buffer answer();
    }

    /** Runs {@code verb} and answers 200 with its body, 400 for a malformed request, 500 for a failure. */
    private void answer(RoutingContext ctx, String name, long start, Verb verb) {
        Buffer body;
        try {
            body = verb.answer();
        } catch (MalformedRequestException e) {
            metrics.verdicts(name, "malformed", 1);
            LOG.warnf("%s: malformed request (%s bytes) answered 400: %s", name, ctx.request().getHeader("Content-Length"), e.getMessage());
            Responses.refuse(ctx, 400, e.getMessage());
            metrics.latency(name, start);
            return;
        } catch (RuntimeException e) {
            failed(ctx, name, e);
            metrics.latency(name, start);
            return;
        }
        if (body != null) {
            Responses.json(ctx, 200, body);
            metrics.latency(name, start);
        }
    }

    private static void failed(RoutingContext ctx, String name, Throwable e) {
        LOG.errorf(e, "%s: the request failed", name);
        Responses.refuse(ctx, 500, name + " failed: " + e);
    }
}
