package io.escheduler.powermanager.execute;

import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus that scrapes nothing: it answers every query with no series, as for a cluster whose exporters are
 * not deployed yet. The policies that need node metrics then skip every node; the others plan.
 */
public class IdlePrometheus implements QuarkusTestResourceLifecycleManager {

    private PrometheusServer prometheus;

    @Override
    public Map<String, String> start() {
        prometheus = PrometheusServer.start(PreloadLibrary.newFixtureDirectory("idle-prometheus"), List.of(), Duration.ofSeconds(5));
        return Map.of("power-manager.prometheus.url", prometheus.baseUrl());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
