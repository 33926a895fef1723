package io.escheduler.exporter.sampling;

import io.escheduler.hardware.energy.EnergyMeter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while at least one energy counter reads; down when every counter's latest read failed. */
@Readiness
@ApplicationScoped
public class EnergyReadinessCheck implements HealthCheck {

    private final ExporterHardware hardware;

    public EnergyReadinessCheck(ExporterHardware hardware) {
        this.hardware = hardware;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rapl");
        NodeReadings readings = hardware.readings();
        if (readings == null) {
            return response.down().withData("reason", "hardware not opened yet").build();
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
