package io.escheduler.prometheus;

import java.time.Duration;

/**
 * Where a service's Prometheus is and how its requests are counted: the one bean each service that queries Prometheus
 * produces from its own configuration (e.g. {@code energy-analyzer.prometheus.*}), so that this library reads no keys.
 *
 * @param url         base URL of the Prometheus HTTP API, e.g. {@code http://prometheus:9090}
 * @param timeout     connect and read timeout of one request
 * @param meterPrefix the service's meter prefix in Micrometer's dotted form: {@code energy.analyzer} gives
 *                    {@code energy_analyzer_prometheus_requests_total}
 */
public record PrometheusEndpoint(String url, Duration timeout, String meterPrefix) {
}
