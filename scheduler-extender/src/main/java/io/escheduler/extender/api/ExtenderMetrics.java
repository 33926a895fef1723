package io.escheduler.extender.api;

import io.escheduler.extender.verdict.FilterDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The extender's metrics:
 * <ul>
 *   <li>{@code extender_verdicts_total{verb, verdict}}: filter counts nodes ({@code unthrottled}, {@code throttled-removed},
 *   {@code throttled-kept-all-throttled}, {@code unknown-node}); prioritize counts requests ({@code energy},
 *   {@code throttling-only}, {@code no-ranking}); bind counts binds ({@code bound}, {@code restored-and-bound},
 *   {@code restore-failed}, {@code binding-failed}); every verb counts {@code malformed} requests.</li>
 *   <li>{@code extender_request_duration_seconds{verb}}: a timer with a histogram, from the request's arrival (its
 *   headers) to the answer handed to the connection: the body's transfer is included.</li>
 *   <li>{@code extender_dependency_failures_total{dependency}}: {@code analyzer}, {@code actuator}, {@code apiserver}.</li>
 * </ul>
 */
@ApplicationScoped
public class ExtenderMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** Filter verdict counters by {@link FilterDecision.Verdict} ordinal, registered on first use. */
    private final Counter[] filterVerdicts = new Counter[FilterDecision.Verdict.values().length];

    public ExtenderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts {@code count} filter candidates of {@code verdict}: per request, so no lookup by name. */
    public void filterVerdicts(FilterDecision.Verdict verdict, int count) {
        if (count > 0) {
            Counter counter = filterVerdicts[verdict.ordinal()];
            if (counter == null) {
                counter = counter("filter", verdict.label());
                filterVerdicts[verdict.ordinal()] = counter; // a benign race: the registry returns the same Counter
            }
            counter.increment(count);
        }
    }

    public void verdicts(String verb, String verdict, int count) {
        if (count > 0) {
            counter(verb, verdict).increment(count);
        }
    }

    private Counter counter(String verb, String verdict) {
        return counters.computeIfAbsent(verb + '\0' + verdict, key -> Counter.builder("extender.verdicts").tag("verb", verb)
                .tag("verdict", verdict).description("Filter verdicts per node, prioritize and bind verdicts per request")
                .register(registry));
    }

    public void dependencyFailure(String dependency) {
        counters.computeIfAbsent("dependency\0" + dependency, key -> Counter.builder("extender.dependency.failures")
                .tag("dependency", dependency).description("Calls to the analyzer, an actuator or the API server that failed")
                .register(registry)).increment();
    }

    /** Records one request of {@code verb} that started at {@code startNanos} ({@link System#nanoTime()}). */
    public void latency(String verb, long startNanos) {
        timers.computeIfAbsent(verb, key -> Timer.builder("extender.request.duration").tag("verb", verb)
                .description("Time to answer one request, from its headers to the answer").publishPercentileHistogram()
                .register(registry)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
