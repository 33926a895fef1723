package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.PolicyCycle;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.execute.PlanExecutor;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PlanJson;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.rails.RailsConfig;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.powermanager.execute.Actuators;
import io.escheduler.powermanager.execute.AuditMemory;
import io.escheduler.powermanager.execute.AuditTrail;
import io.escheduler.powermanager.execute.KubernetesOperations;
import io.escheduler.powermanager.execute.Leadership;
import io.escheduler.powermanager.execute.NodePower;
import io.escheduler.powermanager.execute.PolicyMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The power policies in power-manager: every {@code power-manager.interval}, a cluster snapshot from the
 * informers and Prometheus, then power-policies' {@link PolicyCycle} (each policy that is not {@code off} plans, the
 * safety rails judge them, and on the leader only the enforced plans are carried out by its {@link PlanExecutor}); the
 * plans are published ({@code GET /v1/plans}, metrics, optional files).
 *
 * <p>Every replica plans; only the Lease holder acts ({@link Leadership}). Leader election starts only when some
 * policy is {@code enforce}. A replica takes the executor's memory from the audit trail ({@link AuditMemory}) at its
 * first cycle and again whenever it becomes leader, so that neither a restart nor a new leader forgets a cooldown; a
 * new leader that cannot read the audit trail plans but does not act until it can.
 *
 * <p>A power-off waits for its node's pods to go without holding up the cycle: while one waits, {@link #drains()}
 * follows it up every second, so the node is switched off as soon as it is drained (or the power-off fails after
 * {@code executor.drain-timeout}).
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    private final PowerManagerConfig config;
    private final SnapshotSource source;
    private final LiveCluster cluster;
    private final Instance<KubernetesClient> client;
    private final NodePower power;
    private final PolicyMetrics metrics;
    private final AuditTrail auditTrail;
    private final AuditMemory memory;
    private final Clock clock = Clock.systemUTC();

    private PolicySettings settings;
    private PolicyCycle cycle;
    private volatile PlanBoard board;
    private Leadership leadership;
    private PlanExecutor executor;
    private boolean wasActing;
    /** The state holds the audit trail's memory: read at the first cycle, and again on becoming leader. */
    private boolean remembered;
    private String lastFailure;
    private String memoryFailure;

    public PolicyEngine(PowerManagerConfig config, SnapshotSource source, LiveCluster cluster, Instance<KubernetesClient> client,
                        NodePower power, PolicyMetrics metrics, AuditTrail auditTrail, AuditMemory memory) {
        this.config = config;
        this.source = source;
        this.cluster = cluster;
        this.client = client;
        this.power = power;
        this.metrics = metrics;
        this.auditTrail = auditTrail;
        this.memory = memory;
    }

    synchronized void start(@Observes StartupEvent event) {
        settings = PolicySettingsMapping.from(config);
        cycle = new PolicyCycle(settings);
        board = PlanBoard.before(settings.modes());
        if (!settings.enforces()) {
            LOG.infof("power policies: %s (nothing is enforced: no leader election, no actions)", describe(settings.modes()));
            return;
        }
        PowerManagerConfig.LeaderElection election = config.leaderElection();
        String identity = election.identity().orElseGet(Leadership::defaultIdentity);
        if (election.enabled()) {
            KubernetesClient kube = client.get();
            String namespace = election.namespace().orElseGet(() -> kube.getNamespace() == null ? "default" : kube.getNamespace());
            leadership = Leadership.elect(kube, election, namespace, identity, metrics::leader);
        } else {
            LOG.warnf("power policies: leader election is off: this replica acts; run exactly one");
            leadership = Leadership.alone(identity, metrics::leader);
        }
        PolicyStartup.powerGaps(settings.modes(), power).forEach(gap -> LOG.warnf("power policies: %s", gap));
        KubernetesOperations operations = new KubernetesOperations(client.get(), cluster, power);
        executor = new PlanExecutor(settings, operations, operations, new Actuators(config.actuator(), cluster), auditTrail,
                leadership, clock);
        LOG.infof("power policies: %s", describe(settings.modes()));
    }

    /** A power-off still waiting for its drain is given up, its cordon undone, before the Lease is released. */
    synchronized void stop(@Observes ShutdownEvent event) {
        if (executor != null && executor.draining()) {
            executor.abandon("power-manager is stopping");
        }
        Leadership current = leadership;
        if (current != null) {
            current.close();
        }
    }

    /** The first cycle one interval after start-up: the informers have listed the cluster by then. */
    @Scheduled(every = "${power-manager.interval}", delayed = "${power-manager.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "power-policies")
    void scheduled() {
        if (settings == null || settings.modes().values().stream().allMatch(m -> m == Mode.OFF)) {
            return;
        }
        try {
            metrics.cycles().record(this::cycle);
        } catch (RuntimeException e) {
            LOG.errorf(e, "power policies: the cycle failed; trying again in %s", config.interval());
        }
    }

    /** While a power-off waits for its node's pods to go: it goes on as soon as they are gone, not at the next cycle. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "power-policies-drains")
    synchronized void drains() {
        if (executor == null || !executor.draining()) {
            return;
        }
        try {
            cycle.followUp(executor);
        } catch (RuntimeException e) {
            LOG.errorf(e, "power policies: following up the drains failed; trying again in 1s");
        }
    }

    /** One cycle (also called by tests); the board it published. */
    public synchronized PlanBoard cycle() {
        Instant attempted = clock.instant();
        if (executor != null && (wasActing || executor.draining())) {
            // before the snapshot, so that it shows what the follow-up did (a power-off after its drain)
            cycle.followUp(executor);
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = source.snapshot();
        } catch (RuntimeException e) {
            String reason = "no cluster snapshot: " + e.getMessage();
            if (!reason.equals(lastFailure)) {
                if (e instanceof IllegalStateException) {
                    LOG.warnf("power policies: %s; planning waits for it", reason);
                } else {
                    LOG.errorf(e, "power policies: %s; planning waits for it", reason);
                }
                lastFailure = reason;
            }
            board = board.failed(reason, attempted);
            return board;
        }
        if (lastFailure != null) {
            LOG.infof("power policies: planning again (%s is over)", lastFailure);
            lastFailure = null;
        }
        Instant now = snapshot.takenAt();
        boolean leading = leadership != null && leadership.leading();
        if (!remembered || (leading && !wasActing)) {
            remembered = remember(now, leading);
        }
        boolean acting = leading && remembered;
        if (acting && !wasActing) {
            executor.releaseOrphanedCordons();
            cycle.followUp(executor);
        }
        wasActing = acting;
        PolicyCycle.Round round = cycle.plan(snapshot, executor);
        settings.modes().forEach((policy, mode) -> {
            if (mode == Mode.OFF) {
                metrics.off(policy);
            }
        });
        round.published().forEach((policy, plan) -> metrics.planned(plan, settings.modes().get(policy)));
        metrics.snapshot(snapshot);
        board = new PlanBoard(round.published(), settings.modes(), acting, null, attempted);
        config.planDirectory().ifPresent(dir -> write(dir, round.published()));
        if (acting) {
            cycle.enforce(round, executor);
        }
        return board;
    }

    /**
     * The executor's memory from the audit trail: rows of the last day, or of the longest time a setting looks back (a
     * cooldown, a shed's validity, a boot timeout, a failure backoff), if longer; false when it cannot be read.
     */
    private boolean remember(Instant now, boolean leading) {
        RailsConfig r = settings.rails();
        Duration lookback = Duration.ofDays(1);
        for (Duration d : List.of(r.cooldown(), r.interval(), r.backoff(r.maxFailures()), settings.cappingMigration().shedValidFor(),
                settings.powerOn().bootTimeout())) {
            lookback = d.compareTo(lookback) > 0 ? d : lookback;
        }
        try {
            Duration back = lookback;
            cycle.remember(state -> memory.restore(state, now.minus(back), now.minus(r.interval())));
        } catch (RuntimeException e) {
            String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!problem.equals(memoryFailure)) {
                LOG.warnf("power policies: cannot read the audit trail (policy_action) for the cooldowns and failure series of earlier "
                        + "actions: %s; %s", problem, leading ? "this leader does not act until it can" : "plans show none of them until then");
                memoryFailure = problem;
            }
            return false;
        }
        LOG.infof("power policies: cooldowns, failure series and action budget taken from the audit trail (actions since %s)%s",
                now.minus(lookback), leading ? ", as the new leader" : "");
        memoryFailure = null;
        return true;
    }

    /** The latest plans. */
    public PlanBoard board() {
        PlanBoard current = board;
        return current == null ? PlanBoard.before(PolicySettingsMapping.from(config).modes()) : current;
    }

    /** Each plan to {@code <dir>/<policy>.json}, replaced atomically (a reader never sees half a file). */
    private static void write(Path dir, Map<PolicyName, Plan> plans) {
        try {
            Files.createDirectories(dir);
            for (Plan plan : plans.values()) {
                Path target = dir.resolve(plan.policy().wireName() + ".json");
                Path temp = dir.resolve("." + plan.policy().wireName() + ".json.tmp");
                Files.writeString(temp, PlanJson.render(plan) + "\n", StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.warnf("power policies: cannot write the plans to %s (power-manager.plan-directory): %s", dir, e);
        }
    }

    private static String describe(Map<PolicyName, Mode> modes) {
        StringBuilder out = new StringBuilder();
        for (PolicyName name : PolicyName.values()) {
            out.append(out.isEmpty() ? "" : ", ").append(name.wireName()).append('=').append(modes.get(name).wireName());
        }
        return out.toString();
    }
}
