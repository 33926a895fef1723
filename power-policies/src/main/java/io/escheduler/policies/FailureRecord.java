package io.escheduler.policies;

import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/**
 * The failures in a row of one control ({@code power}, {@code cpufreq}, {@code power-limit}) on one node since its
 * last success: the latest, and how many.
 *
 * @param count  failures in a row, at least 1
 * @param detail why the latest failed (a driver's or actuator's message)
 */
public record FailureRecord(PolicyName policy, ActionKind kind, Instant at, String detail, int count) {
}
