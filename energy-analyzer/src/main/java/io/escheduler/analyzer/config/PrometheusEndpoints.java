package io.escheduler.analyzer.config;

import io.escheduler.prometheus.PrometheusEndpoint;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The analyzer's Prometheus for the prometheus-client library: {@code energy-analyzer.prometheus.*}, meters {@code energy_analyzer_prometheus_*}. */
public class PrometheusEndpoints {

    @Produces
    @Singleton
    PrometheusEndpoint prometheus(AnalyzerConfig config) {
        return config.prometheus().endpoint("energy.analyzer");
    }
}
