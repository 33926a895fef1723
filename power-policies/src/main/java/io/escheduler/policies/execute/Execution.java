package io.escheduler.policies.execute;

import io.escheduler.policies.FailedAction;
import io.escheduler.policies.plan.Plan;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What came of (part of) a plan: the actions done and those that failed, with why, for the policies' memory
 * ({@link io.escheduler.policies.rails.SafetyRails#executed}).
 *
 * @param done    the actions carried out, under the plan's policy and planning instant
 * @param changed the nodes that count as changed in the action budget now: a node's change counts once, when its
 *                first action is done, not again when its power-off follows after the drain
 * @param at      when the executor finished with them
 */
public record Execution(Plan done, List<FailedAction> failed, Set<String> changed, Instant at) {

    public Execution {
        failed = List.copyOf(failed);
        changed = Set.copyOf(changed);
    }

    /** Nothing done, nothing failed. */
    public boolean empty() {
        return done.actions().isEmpty() && failed.isEmpty();
    }
}
