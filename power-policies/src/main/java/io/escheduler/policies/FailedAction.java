package io.escheduler.policies;

import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/** An action the executor attempted and that did not work (outcome {@code failed}): which policy asked, when, and why it failed. */
public record FailedAction(PolicyName policy, Action action, Instant at, String detail) {
}
