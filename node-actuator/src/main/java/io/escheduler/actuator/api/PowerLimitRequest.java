package io.escheduler.actuator.api;

import io.escheduler.actuator.control.PowerLimitOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code PUT /v1/power-limit}: {@code {"watts": 120, "windowSeconds": 1.0, "shortTermWatts": 150,
 * "shortTermWindowSeconds": 0.01, "packages": ["0"], "ttlSeconds": 300}}; watts is the long-term
 * (PL1) limit of each package and is required.
 */
@RegisterForReflection
public record PowerLimitRequest(Double watts, Double windowSeconds, Double shortTermWatts, Double shortTermWindowSeconds,
                                List<String> packages, Long ttlSeconds) {

    public PowerLimitOrder toOrder() {
        if (watts == null) {
            throw new BadRequestException("watts (the long-term limit per package) is required");
        }
        if (packages != null && packages.isEmpty()) {
            throw new BadRequestException("packages is empty: leave it out for every package");
        }
        return new PowerLimitOrder(watts, windowSeconds, shortTermWatts, shortTermWindowSeconds, packages, CpufreqRequest.ttl(ttlSeconds));
    }
}
