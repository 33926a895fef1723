package io.escheduler.powermanager.execute;

import io.escheduler.policies.Mode;
import io.escheduler.policies.execute.Outcome;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The policies' metrics (the "Policy decisions" dashboard reads them):
 * <ul>
 * <li>{@code power_manager_policy_actions_total{policy, kind, outcome}}: actions the executor carried out, skipped or
 *     failed (enforce mode only);</li>
 * <li>{@code power_manager_policy_planned_actions{policy, kind, mode}}: actions in each policy's latest plan after the
 *     safety rails, dry-run plans included, so that what would be done shows beside what was done;</li>
 * <li>{@code power_manager_policy_skipped{policy}}: what the latest plan left alone, each with a reason in
 *     {@code GET /v1/plans/{policy}};</li>
 * <li>{@code power_manager_policy_nodes{state}}: nodes powered off, cordoned, with a lowered CPU ceiling, power capped;</li>
 * <li>{@code power_manager_policy_leader}: 1 on the replica that acts;</li>
 * <li>{@code power_manager_policy_cycle_seconds}: planning cycles (snapshot, plans, rails, execution).</li>
 * </ul>
 * Every series exists from start-up (at 0), so dashboards and alerts find them before the first action.
 */
@ApplicationScoped
public class PolicyMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> actions = new ConcurrentHashMap<>();
    private final Map<PolicyName, Map<ActionKind, AtomicInteger>> planned = new EnumMap<>(PolicyName.class);
    private final Map<PolicyName, AtomicInteger> plannedMode = new EnumMap<>(PolicyName.class);
    private final Map<PolicyName, AtomicInteger> skipped = new EnumMap<>(PolicyName.class);
    private final AtomicInteger poweredOff = new AtomicInteger();
    private final AtomicInteger cordoned = new AtomicInteger();
    private final AtomicInteger cpufreqLowered = new AtomicInteger();
    private final AtomicInteger powerCapped = new AtomicInteger();
    private final AtomicInteger leader = new AtomicInteger();
    private final Timer cycles;

    public PolicyMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (PolicyName policy : PolicyName.values()) {
            Map<ActionKind, AtomicInteger> byKind = new EnumMap<>(ActionKind.class);
            AtomicInteger mode = new AtomicInteger(Mode.DRY_RUN.ordinal());
            plannedMode.put(policy, mode);
            for (ActionKind kind : ActionKind.values()) {
                AtomicInteger count = new AtomicInteger();
                byKind.put(kind, count);
                for (Mode m : List.of(Mode.DRY_RUN, Mode.ENFORCE)) {
                    Gauge.builder("power.manager.policy.planned.actions", count, c -> mode.get() == m.ordinal() ? c.get() : 0)
                            .tags("policy", policy.wireName(), "kind", kind.wireName(), "mode", m.wireName())
                            .description("Actions in the policy's latest plan after the safety rails").register(registry);
                }
                for (Outcome outcome : Outcome.values()) {
                    counter(policy, kind, outcome);
                }
            }
            planned.put(policy, byKind);
            AtomicInteger skips = new AtomicInteger();
            skipped.put(policy, skips);
            Gauge.builder("power.manager.policy.skipped", skips, AtomicInteger::get).tag("policy", policy.wireName())
                    .description("Nodes and pods the policy's latest plan left alone, with a reason (GET /v1/plans/{policy})")
                    .register(registry);
        }
        nodes("powered-off", poweredOff);
        nodes("cordoned", cordoned);
        nodes("cpufreq-lowered", cpufreqLowered);
        nodes("power-capped", powerCapped);
        Gauge.builder("power.manager.policy.leader", leader, AtomicInteger::get)
                .description("1 on the replica that holds the policies' Lease and acts, else 0").register(registry);
        cycles = Timer.builder("power.manager.policy.cycle").description("Planning cycles: snapshot, plans, rails and execution")
                .register(registry);
    }

    private void nodes(String state, AtomicInteger value) {
        Gauge.builder("power.manager.policy.nodes", value, AtomicInteger::get).tag("state", state)
                .description("Nodes in this state in the latest cluster snapshot").register(registry);
    }

    private Counter counter(PolicyName policy, ActionKind kind, Outcome outcome) {
        return actions.computeIfAbsent(policy.wireName() + '/' + kind.wireName() + '/' + outcome.wireName(),
                key -> Counter.builder("power.manager.policy.actions")
                        .tags("policy", policy.wireName(), "kind", kind.wireName(), "outcome", outcome.wireName())
                        .description("Actions the executor carried out (done), skipped or failed").register(registry));
    }

    /** One action's outcome. */
    public void action(PolicyName policy, ActionKind kind, Outcome outcome) {
        counter(policy, kind, outcome).increment();
    }

    /** The latest plan of {@code policy} (after the rails), planned in {@code mode}; an {@code off} policy counts nothing. */
    public void planned(Plan plan, Mode mode) {
        Map<ActionKind, Integer> counts = new EnumMap<>(ActionKind.class);
        for (Action action : plan.actions()) {
            counts.merge(action.kind(), 1, Integer::sum);
        }
        plannedMode.get(plan.policy()).set(mode.ordinal());
        planned.get(plan.policy()).forEach((kind, value) -> value.set(counts.getOrDefault(kind, 0)));
        skipped.get(plan.policy()).set(plan.skipped().size());
    }

    /** {@code policy} is off: it plans nothing. */
    public void off(PolicyName policy) {
        planned.get(policy).values().forEach(v -> v.set(0));
        skipped.get(policy).set(0);
    }

    public void snapshot(ClusterSnapshot snapshot) {
        int off = 0;
        int cordon = 0;
        int lowered = 0;
        int capped = 0;
        for (NodeSnapshot node : snapshot.nodes()) {
            off += node.poweredOff() ? 1 : 0;
            cordon += node.unschedulable() ? 1 : 0;
            lowered += node.cpufreqLowered() ? 1 : 0;
            capped += node.powerCapped() ? 1 : 0;
        }
        poweredOff.set(off);
        cordoned.set(cordon);
        cpufreqLowered.set(lowered);
        powerCapped.set(capped);
    }

    public void leader(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    public Timer cycles() {
        return cycles;
    }
}
