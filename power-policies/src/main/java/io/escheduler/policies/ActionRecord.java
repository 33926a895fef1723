package io.escheduler.policies;

import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/** An action the executor carried out: which policy asked for it, what it was, and when. */
public record ActionRecord(PolicyName policy, ActionKind kind, Instant at) {
}
