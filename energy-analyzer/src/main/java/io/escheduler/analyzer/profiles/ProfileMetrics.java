package io.escheduler.analyzer.profiles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The profiler's metrics: {@code energy_analyzer_runs_profiled_total},
 * {@code energy_analyzer_runs_profile_retries_total{reason="unavailable|incomplete|bad_query|error"}},
 * {@code energy_analyzer_runs_profile_failures_total} (gave up) and the gauge
 * {@code energy_analyzer_runs_pending} (runs waiting for their profile, counted at each poll).
 */
@ApplicationScoped
public class ProfileMetrics {

    /** Why an attempt did not give a profile. */
    enum Reason {
        unavailable, incomplete, bad_query, error
    }

    private final Counter profiled;
    private final Counter failures;
    private final Map<Reason, Counter> retries = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();

    @Inject
    ProfileMetrics(MeterRegistry registry) {
        profiled = Counter.builder("energy.analyzer.runs.profiled").description("Runs whose energy profile was computed").register(registry);
        failures = Counter.builder("energy.analyzer.runs.profile.failures")
                .description("Runs given up on: no complete data within energy-analyzer.profiles.give-up-after of their end").register(registry);
        for (Reason reason : Reason.values()) {
            retries.put(reason, Counter.builder("energy.analyzer.runs.profile.retries")
                    .description("Attempts to profile a run that left it pending, by reason").tag("reason", reason.name()).register(registry));
        }
        Gauge.builder("energy.analyzer.runs.pending", pending, AtomicLong::get)
                .description("Runs waiting for their energy profile").register(registry);
    }

    void profiled() {
        profiled.increment();
    }

    void retried(Reason reason) {
        retries.get(reason).increment();
    }

    void failed() {
        failures.increment();
    }

    void pending(long count) {
        pending.set(count);
    }
}
