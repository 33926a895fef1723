package io.escheduler.exporter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens {@code /metrics} and readiness once every series is registered with the first sample and
 * has reached the registry that serves the scrape. Both happen after the HTTP server starts
 * accepting: the series are registered while start-up opens the hardware, and Quarkus adds the
 * Prometheus registry to the global one (which then copies every series into it) later still. A
 * scrape in between would see some series or none, which Prometheus stores as series that
 * vanished; until then {@code /metrics} answers 503, a failed scrape ({@code up} = 0)
 * ({@link MetricsEndpoint}).
 */
@ApplicationScoped
public class SeriesGate {

    private final MeterRegistry registry;
    private volatile boolean registered;
    private volatile boolean open;

    public SeriesGate(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every series is registered with the registry the exporter writes to. */
    void seriesRegistered() {
        registered = true;
    }

    /** Whether every series is registered and the registries that export them hold them all; once true, stays true. */
    public boolean open() {
        if (open) {
            return true;
        }
        if (!registered) {
            return false;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            int series = composite.getMeters().size();
            if (composite.getRegistries().isEmpty()) {
                return false;
            }
            for (MeterRegistry exporting : composite.getRegistries()) {
                if (exporting.getMeters().size() < series) {
                    return false;
                }
            }
        }
        open = true;
        return true;
    }
}
