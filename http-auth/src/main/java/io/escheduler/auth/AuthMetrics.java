package io.escheduler.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code <service>_auth_total{outcome="allowed|unauthenticated|forbidden|error"}} ({@code node_actuator_auth_total},
 * {@code energy_analyzer_auth_total}): one count per request that needed a token. All four series exist from startup,
 * at zero.
 */
@Startup
@ApplicationScoped
public class AuthMetrics {

    static final List<String> OUTCOMES = List.of("allowed", "unauthenticated", "forbidden", "error");

    private final Map<String, Counter> counters;

    public AuthMetrics(MeterRegistry registry, ProtectedApi api) {
        this.counters = OUTCOMES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                outcome -> Counter.builder(api.service().replace('-', '.') + ".auth")
                        .description("Authentication decisions on the API by outcome")
                        .tag("outcome", outcome)
                        .register(registry)));
    }

    void record(AuthOutcome outcome) {
        counters.get(outcome.outcome()).increment();
    }
}
