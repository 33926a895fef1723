package io.escheduler.policies;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;

import java.time.Instant;

/**
 * One power policy of seed 2: a pure function from a snapshot and the policies' memory to a plan with reasons.
 * A policy does not act and does not apply the global safety rails (cooldowns, minimum nodes on, action budget):
 * {@link io.escheduler.policies.rails.SafetyRails} does, once, over every policy's plan. It does skip,
 * with a reason, what the rails would refuse anyway (control-plane nodes, pods that cannot be evicted), so that a
 * plan explains itself.
 */
public interface Policy {

    PolicyName name();

    /**
     * @param state what earlier cycles observed and did ({@link PolicyState#observe} already applied to this
     *              snapshot)
     * @param now   the planning instant (reasons and time-based rules use it, never the wall clock)
     */
    Plan plan(ClusterSnapshot snapshot, PolicyState state, Instant now);
}
