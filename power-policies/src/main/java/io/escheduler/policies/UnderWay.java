package io.escheduler.policies;

import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/**
 * A node change the executor started and has not finished: it waits for something the cluster does in its own time
 * (a power-off waits for the node's evicted pods to go). While it is under way no other change may start on the
 * node, and a node waiting to be powered off no longer counts as on ({@link io.escheduler.policies.rails.SafetyRails}).
 *
 * @param policy  whose change
 * @param waiting the step that waits, e.g. {@link ActionKind#POWER_OFF}
 * @param since   when it started waiting
 * @param until   when the executor gives up waiting (the step then fails)
 */
public record UnderWay(PolicyName policy, ActionKind waiting, Instant since, Instant until) {

    /** For a reason a person reads: {@code consolidation's power-off waits for the node's pods to go (since …, until …)}. */
    public String describe() {
        return policy.wireName() + "'s " + waiting.wireName() + " waits for the node's pods to go (since " + since + ", at the latest until "
                + until + ")";
    }
}
