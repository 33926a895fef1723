package io.escheduler.actuator.baseline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the agent changed on one CPU, part by part: each part has its own origin and expiry, so a
 * request that names only the governor leaves a temporary ceiling temporary, and a ceiling that
 * reverts leaves the governor as it was asked. A part absent (null) is at its baseline.
 *
 * @param ceilingKhz the frequency ceiling in force ({@code scaling_max_freq}, kHz), when not the baseline's
 * @param governor   the governor in force, when not the baseline's
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CpuChange(Change<Long> ceilingKhz, Change<String> governor) {

    /** No part changed. */
    @JsonIgnore
    public boolean isEmpty() {
        return ceilingKhz == null && governor == null;
    }
}
