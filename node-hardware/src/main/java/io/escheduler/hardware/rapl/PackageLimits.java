package io.escheduler.hardware.rapl;

import java.util.Objects;
import java.util.Optional;

/**
 * The package power limits in force.
 *
 * @param packageId as in {@link io.escheduler.hardware.energy.ZoneKey#packageId()}
 * @param longTerm  PL1
 * @param shortTerm PL2, absent when the package has no short-term limit
 * @param locked    the lock bit (MSR 0x610 bit 63); empty when the backend cannot see it (powercap)
 */
public record PackageLimits(String packageId, PowerLimit longTerm, Optional<PowerLimit> shortTerm, Optional<Boolean> locked) {

    public PackageLimits {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(longTerm, "longTerm");
        Objects.requireNonNull(shortTerm, "shortTerm");
        Objects.requireNonNull(locked, "locked");
    }

    /** A decoded package limit register (the lock bit is known). */
    public static PackageLimits of(String packageId, PowerLimitRegister register) {
        return new PackageLimits(packageId, register.longTerm(), register.shortTerm(), Optional.of(register.locked()));
    }

    /** {@code 15.0 W over 28.0 s, enabled, clamp} — for messages and logs. */
    public static String describe(PowerLimit limit) {
        return limit.watts() + " W over " + limit.windowSeconds() + " s, " + (limit.enabled() ? "enabled" : "disabled")
                + (limit.clamp() ? ", clamp" : "");
    }
}
