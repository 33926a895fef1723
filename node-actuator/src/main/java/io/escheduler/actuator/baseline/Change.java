package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A setting the agent applied that differs from the baseline.
 *
 * @param appliedAt when
 * @param expiresAt when it reverts by itself, or null: until restored
 * @param caller    who asked (service account or token name), for the audit trail
 */
@RegisterForReflection
public record Change<T>(T setting, Instant appliedAt, Instant expiresAt, String caller) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
