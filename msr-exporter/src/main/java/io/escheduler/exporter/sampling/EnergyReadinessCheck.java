package io.escheduler.exporter.sampling;

import io.escheduler.exporter.metrics.SeriesGate;
import io.escheduler.hardware.energy.EnergyMeter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once {@code /metrics} serves every series with the first sample ({@link SeriesGate}), and
 * while at least one energy counter reads; down when every counter's latest read failed.
 */
@Readiness
@ApplicationScoped
public class EnergyReadinessCheck implements HealthCheck {

    private final ExporterHardware hardware;
    private final SeriesGate gate;

    public EnergyReadinessCheck(ExporterHardware hardware, SeriesGate gate) {
        this.hardware = hardware;
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rapl");
        NodeReadings readings = hardware.readings();
        if (readings == null || !gate.open()) {
            return response.down().withData("reason", "starting: the first sample is not registered yet").build();
        }
        EnergyMeter.Snapshot energy = readings.current().energy();
        response.withData("source", hardware.opened().energy().kind().label())
                .withData("series", energy.joules().size())
                .withData("sampleInterval", hardware.sampleInterval().toString());
        if (!energy.failing().isEmpty()) {
            response.withData("failing", energy.failing().toString());
        }
        return energy.failing().size() == energy.joules().size() ? response.down().build() : response.up().build();
    }
}
