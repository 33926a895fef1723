package io.escheduler.simulator.policy;

import io.escheduler.policies.PolicyCycle;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.execute.Leader;
import io.escheduler.policies.execute.PlanExecutor;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.simulator.engine.PolicyHook;
import io.escheduler.simulator.engine.Simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The project's power policies acting on a simulated cluster, every {@code interval}, exactly as the service's cycle
 * does: the library's {@link PolicyCycle} (follow-up of what the executor left waiting, the snapshot, every policy's
 * plan, the safety rails, the enforced plans carried out by the library's {@link PlanExecutor}) against the simulated
 * cluster ({@link SimulatedCluster}), with simulated time as the executor's clock.
 */
final class PolicyRun implements PolicyHook {

    private final PolicySettings settings;
    private Simulation bound;
    private PolicyCycle cycle;
    private PlanExecutor executor;
    private SnapshotBuilder snapshots;
    private final SimClock clock = new SimClock();

    PolicyRun(PolicySettings settings) {
        this.settings = settings;
    }

    @Override
    public long intervalMillis() {
        return settings.interval().toMillis();
    }

    @Override
    public void cycle(Simulation sim, long now) {
        if (bound != sim) {
            bound = sim;
            SimulatedCluster cluster = new SimulatedCluster(sim);
            cycle = new PolicyCycle(settings);
            executor = new PlanExecutor(settings, cluster, cluster, cluster, cluster, Leader.always("simulator"), clock);
            snapshots = new SnapshotBuilder(settings.dvfs().window().toMillis());
        }
        clock.at = SnapshotBuilder.EPOCH.plusMillis(now);
        cycle.followUp(executor);
        ClusterSnapshot snapshot = snapshots.take(sim, now);
        PolicyCycle.Round round = cycle.plan(snapshot, executor);
        cycle.enforce(round, executor);
    }

    /** Simulated time as a {@link Clock}. */
    private static final class SimClock extends Clock {
        Instant at = SnapshotBuilder.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }
}
