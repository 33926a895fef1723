package io.escheduler.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code <service>_prometheus_requests_total{outcome}} ({@link PrometheusEndpoint#meterPrefix()}): {@code ok}, {@code unavailable}
 * (refused connection, timeout, 5xx), {@code bad_query} (400/422 or an unreadable answer) per HTTP
 * attempt, and {@code circuit_open} for calls not made because the breaker was open.
 */
final class PrometheusRequests {

    private final Counter ok;
    private final Counter unavailable;
    private final Counter badQuery;
    private final Counter circuitOpen;

    PrometheusRequests(MeterRegistry registry, String meterPrefix) {
        ok = counter(registry, meterPrefix, "ok");
        unavailable = counter(registry, meterPrefix, "unavailable");
        badQuery = counter(registry, meterPrefix, "bad_query");
        circuitOpen = counter(registry, meterPrefix, "circuit_open");
    }

    private static Counter counter(MeterRegistry registry, String meterPrefix, String outcome) {
        return Counter.builder(meterPrefix + ".prometheus.requests")
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
