package io.escheduler.policies;

import io.escheduler.policies.dvfsmigration.DvfsMigrationPolicy;
import io.escheduler.policies.execute.Execution;
import io.escheduler.policies.execute.PlanExecutor;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.rails.SafetyRails;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The power policies' cycle and their memory, the same in the service and in the simulator. Each cycle:
 * <ol>
 * <li>{@link #followUp}: what the executor left waiting (a power-off waiting for its drain, a deferred uncordon, a
 *     boot) goes on, and its outcome enters the memory. Call it before the snapshot is taken, so that the snapshot
 *     shows what it did;</li>
 * <li>{@link #plan}: the memory observes the snapshot and learns which changes are still under way; each policy that
 *     is not {@code off} plans; the safety rails judge every plan as if all were enforced (what dry-run shows:
 *     {@link Round#published}) and, separately, the enforced plans together (what happens: {@link Round#admitted},
 *     published in place of their dry-run view);</li>
 * <li>{@link #enforce}, only where this replica acts: the admitted plans are carried out and the memory learns what
 *     was done and what failed (cooldowns, failure series, action budget).</li>
 * </ol>
 * Not thread-safe: one caller at a time.
 */
public final class PolicyCycle {

    /**
     * One cycle's plans.
     *
     * @param at        the planning instant (the snapshot's)
     * @param published by policy, after the rails: only the policies that are not {@code off}
     * @param admitted  the enforced plans as the rails admitted them, in {@link PolicyName} order
     */
    public record Round(Instant at, Map<PolicyName, Plan> published, List<Plan> admitted) {

        public Round {
            published = published.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(published));
            admitted = List.copyOf(admitted);
        }
    }

    private final PolicySettings settings;
    private final SafetyRails rails;
    private final List<Policy> policies;
    private PolicyState state = PolicyState.EMPTY;

    public PolicyCycle(PolicySettings settings) {
        this.settings = settings;
        this.rails = new SafetyRails(settings.rails());
        this.policies = settings.policies();
    }

    public PolicySettings settings() {
        return settings;
    }

    /** The policies' memory now. */
    public PolicyState state() {
        return state;
    }

    /** Replaces the memory with {@code change} of it, e.g. the executor's memory read back from an audit trail. */
    public void remember(UnaryOperator<PolicyState> change) {
        state = change.apply(state);
    }

    /** Carries on what {@code executor} left waiting; its outcome enters the memory. */
    public void followUp(PlanExecutor executor) {
        executor.followUp(state).forEach(this::executed);
    }

    /** Plans on {@code snapshot}; {@code executor} says which node changes are still under way (null: none, nothing acts). */
    public Round plan(ClusterSnapshot snapshot, PlanExecutor executor) {
        Instant now = snapshot.takenAt();
        state = state.observe(snapshot, now).withUnderWay(executor == null ? Map.of() : executor.underWay());
        List<Plan> all = new ArrayList<>();
        List<Plan> enforced = new ArrayList<>();
        for (Policy policy : policies) {
            Mode mode = settings.modes().get(policy.name());
            if (mode == Mode.OFF) {
                continue;
            }
            Plan plan = policy.plan(snapshot, state, now);
            all.add(plan);
            if (mode == Mode.ENFORCE) {
                enforced.add(plan);
            }
        }
        Map<PolicyName, Plan> published = new EnumMap<>(PolicyName.class);
        List<Plan> asIfEnforced = rails.apply(all, snapshot, state, now, reserved(snapshot, Mode.DRY_RUN));
        asIfEnforced.forEach(plan -> published.put(plan.policy(), plan));
        // every policy that plans is enforced: what happens is what dry-run shows, judged once
        List<Plan> admitted = enforced.size() == all.size() ? asIfEnforced
                : rails.apply(enforced, snapshot, state, now, reserved(snapshot, Mode.ENFORCE));
        admitted.forEach(plan -> published.put(plan.policy(), plan));
        return new Round(now, published, admitted);
    }

    /**
     * dvfs-migration's idle reserve, when its mode is at least {@code mode} (the reserve of a dry-run policy is kept in
     * what dry-run shows, not in what is enforced): node → the reason another policy's power-off or emptying is refused.
     */
    private Map<String, String> reserved(ClusterSnapshot snapshot, Mode mode) {
        Mode actual = settings.modes().get(PolicyName.DVFS_MIGRATION);
        if (actual == Mode.OFF || (mode == Mode.ENFORCE && actual != Mode.ENFORCE)) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String node : DvfsMigrationPolicy.reserve(snapshot, settings.dvfsMigration())) {
            out.put(node, "dvfs-migration keeps this node idle as its reserve (dvfs-migration.reserve=" + settings.dvfsMigration().reserve()
                    + "): no policy powers it off or empties it");
        }
        return out;
    }

    /** Carries out {@code round}'s admitted plans with {@code executor}; what was done and what failed enters the memory. */
    public void enforce(Round round, PlanExecutor executor) {
        for (Plan plan : round.admitted()) {
            if (!plan.actions().isEmpty()) {
                executed(executor.execute(plan, state));
            }
        }
    }

    private void executed(Execution execution) {
        if (!execution.empty()) {
            state = rails.executed(state, execution.done(), execution.failed(), execution.changed(), execution.at());
        }
    }
}
