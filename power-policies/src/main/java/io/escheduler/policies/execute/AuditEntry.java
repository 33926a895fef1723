package io.escheduler.policies.execute;

import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/**
 * One action the executor attempted, and what came of it: a row of the audit trail.
 *
 * @param at        when it was recorded (the executor's clock)
 * @param plannedAt the planning cycle that asked for it; a step finished later (a power-off after its drain) keeps
 *                  its plan's instant, so that the node's change counts once
 * @param detail    what happened, for a person (the error for a failure); may be null
 * @param actor     the identity of the replica that acted
 */
public record AuditEntry(Instant at, PolicyName policy, Instant plannedAt, Action action, Outcome outcome, String detail, String actor) {
}
