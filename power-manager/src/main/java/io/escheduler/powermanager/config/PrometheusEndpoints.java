package io.escheduler.powermanager.config;

import io.escheduler.prometheus.PrometheusEndpoint;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** power-manager's Prometheus for the prometheus-client library: {@code power-manager.prometheus.*}, meters {@code power_manager_prometheus_*}. */
public class PrometheusEndpoints {

    @Produces
    @Singleton
    PrometheusEndpoint prometheus(PowerManagerConfig config) {
        return config.prometheus().endpoint("power.manager");
    }
}
