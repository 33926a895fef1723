package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One package power limit as the agent stores it.
 *
 * @param watts         limit
 * @param windowSeconds averaging window
 * @param enabled       enforced
 * @param clamp         may go below the OS-requested P-state (MSR only; powercap reports false)
 */
@RegisterForReflection
public record LimitSetting(double watts, double windowSeconds, boolean enabled, boolean clamp) {
}
