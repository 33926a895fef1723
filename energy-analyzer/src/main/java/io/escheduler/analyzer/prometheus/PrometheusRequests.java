package io.escheduler.analyzer.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code energy_analyzer_prometheus_requests_total{outcome}}: {@code ok}, {@code unavailable}
 * (refused connection, timeout, 5xx), {@code bad_query} (400/422 or an unreadable answer) per HTTP
 * attempt, and {@code circuit_open} for calls not made because the breaker was open.
 */
final class PrometheusRequests {

    private final Counter ok;
    private final Counter unavailable;
    private final Counter badQuery;
    private final Counter circuitOpen;

    PrometheusRequests(MeterRegistry registry) {
        ok = counter(registry, "ok");
        unavailable = counter(registry, "unavailable");
        badQuery = counter(registry, "bad_query");
        circuitOpen = counter(registry, "circuit_open");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("energy.analyzer.prometheus.requests")
                .description("Requests to the Prometheus HTTP API by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void ok() {
        ok.increment();
    }

    void unavailable() {
        unavailable.increment();
    }

    void badQuery() {
        badQuery.increment();
    }

    void circuitOpen() {
        circuitOpen.increment();
    }
}
