package io.escheduler.extender.placement;

import io.escheduler.extender.api.ExtenderMetrics;
import io.escheduler.extender.config.ExtenderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A program's placement ranking (system → score, lower is better) from the energy-analyzer, cached per program for
 * {@code scheduler-extender.analyzer.cache-ttl}. Never throws: when the analyzer is down, slow, refuses the token (401,
 * 403) or answers something unreadable the answer is empty (prioritize then scores without energy), the failure is
 * counted in {@code extender_dependency_failures_total{dependency="analyzer"}} and logged once, saying what to set for a
 * refused token, until the analyzer answers again.
 * Failures are not cached: the circuit breaker of {@link GuardedAnalyzer} keeps a dead analyzer from being asked on
 * every pod.
 */
@ApplicationScoped
public class PlacementClient {

    private static final Logger LOG = Logger.getLogger(PlacementClient.class);

    /** Past this many cached programs, expired answers are dropped before a new one is added. */
    private static final int MAX_PROGRAMS = 1024;

    private record Cached(Map<String, Double> ranking, long expiresAtNanos) {
    }

    private final GuardedAnalyzer analyzer;
    private final ExtenderMetrics metrics;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final boolean sendsToken;

    public PlacementClient(GuardedAnalyzer analyzer, ExtenderMetrics metrics, ExtenderConfig config) {
        this.analyzer = analyzer;
        this.metrics = metrics;
        this.ttlNanos = config.analyzer().cacheTtl().toNanos();
        this.sendsToken = config.analyzer().tokenFile().isPresent();
    }

    /** The ranking of {@code program}'s systems if cached and fresh; never calls the analyzer (safe on the event loop). */
    public Optional<Map<String, Double>> cachedRanking(String program) {
        Cached cached = cache.get(program);
        return cached != null && System.nanoTime() - cached.expiresAtNanos() < 0 ? Optional.of(cached.ranking()) : Optional.empty();
    }

    /** The ranking of {@code program}'s systems, empty when the analyzer has none to give now. Blocks on a cache miss. */
    public Optional<Map<String, Double>> ranking(String program) {
        Optional<Map<String, Double>> cached = cachedRanking(program);
        if (cached.isPresent()) {
            return cached;
        }
        try {
            PlacementAnswer answer = analyzer.placement(program);
            if (answer == null || answer.ranking() == null) {
                throw new IllegalStateException("an answer without ranking");
            }
            Map<String, Double> ranking = new HashMap<>();
            for (PlacementAnswer.RankedSystem system : answer.ranking()) {
                if (system.system() != null) {
                    ranking.putIfAbsent(system.system(), system.score());
                }
            }
            Map<String, Double> fresh = Map.copyOf(ranking);
            long fetched = System.nanoTime();
            if (cache.size() >= MAX_PROGRAMS) {
                cache.values().removeIf(entry -> fetched - entry.expiresAtNanos() >= 0);
            }
            cache.put(program, new Cached(fresh, fetched + ttlNanos));
            if (failing.compareAndSet(true, false)) {
                LOG.infof("the energy-analyzer at %s answers again", analyzer.url());
            }
            return Optional.of(fresh);
        } catch (RuntimeException e) {
            metrics.dependencyFailure("analyzer");
            String why = why(e);
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("the energy-analyzer at %s has no placement for program %s (%s): energy-aware pods are scored without "
                        + "energy until it answers", analyzer.url(), program, why);
            } else {
                LOG.debugf("no placement for program %s: %s", program, why);
            }
            return Optional.empty();
        }
    }

    /** Why the analyzer had no answer, in words; for a refused token, what to set. */
    private String why(RuntimeException e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "not asked for a few seconds after repeated failures";
        }
        int status = e instanceof WebApplicationException web && web.getResponse() != null ? web.getResponse().getStatus() : 0;
        if (status == 401) {
            return sendsToken ? "it did not accept the token of scheduler-extender.analyzer.token-file (HTTP 401)"
                    : "it wants a bearer token for reads (energy-analyzer.auth.reads=token; HTTP 401): set "
                    + "scheduler-extender.analyzer.token-file to this extender's service-account token";
        }
        if (status == 403) {
            return "it refused this extender's service account (HTTP 403): add it to the analyzer's "
                    + "energy-analyzer.auth.reader-service-accounts";
        }
        return describe(e);
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }
}
