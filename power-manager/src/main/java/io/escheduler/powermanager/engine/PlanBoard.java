package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latest cycle's plans, after the safety rails, as {@code GET /v1/plans} serves them: immutable, replaced whole by
 * each cycle.
 *
 * @param plans        by policy; only the policies that are not {@code off}
 * @param modes        every policy's mode
 * @param acting       whether this replica carries out the enforced plans (it leads)
 * @param unavailable  why the latest cycle planned nothing (no snapshot: caches not synced, Kubernetes off), or null
 * @param attemptedAt  when the latest cycle ran
 */
public record PlanBoard(Map<PolicyName, Plan> plans, Map<PolicyName, Mode> modes, boolean acting, String unavailable,
                        Instant attemptedAt) {

    public PlanBoard {
        plans = plans.isEmpty() ? Map.of() : new EnumMap<>(plans);
        modes = Map.copyOf(modes);
    }

    /** Before the first cycle. */
    public static PlanBoard before(Map<PolicyName, Mode> modes) {
        return new PlanBoard(Map.of(), modes, false, "no planning cycle has run yet", null);
    }

    /** The same plans (if any), with the reason the latest cycle planned nothing. */
    public PlanBoard failed(String reason, Instant at) {
        return new PlanBoard(plans, modes, acting, reason, at);
    }
}
