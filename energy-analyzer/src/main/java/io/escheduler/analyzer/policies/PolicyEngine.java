package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.policies.execute.ActionLog;
import io.escheduler.analyzer.policies.execute.Actuators;
import io.escheduler.analyzer.policies.execute.AuditMemory;
import io.escheduler.analyzer.policies.execute.Leadership;
import io.escheduler.analyzer.policies.execute.NodePower;
import io.escheduler.analyzer.policies.execute.PlanExecutor;
import io.escheduler.analyzer.policies.execute.PolicyMetrics;
import io.escheduler.policies.Mode;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PlanJson;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.rails.RailsConfig;
import io.escheduler.policies.rails.SafetyRails;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The power policies' cycle, every {@code energy-analyzer.policies.interval}: a cluster snapshot; each policy that is
 * not {@code off} plans; the safety rails judge the enforced plans together (they are what happens) and, separately,
 * every plan as if all were enforced (what dry-run shows); the plans are published ({@code GET /v1/plans}, metrics,
 * optional files); then, on the leader only, the enforced plans are carried out and the policies remember what was
 * done (cooldowns, failure series, action budget).
 *
 * <p>Every replica plans; only the Lease holder acts ({@link Leadership}). Leader election starts only when some
 * policy is {@code enforce}. A replica takes the executor's memory from the audit trail ({@link AuditMemory}) at its
 * first cycle and again whenever it becomes leader, so that neither a restart nor a new leader forgets a cooldown; a
 * new leader that cannot read the audit trail plans but does not act until it can.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    private final AnalyzerConfig config;
    private final SnapshotSource source;
    private final LiveCluster cluster;
    private final Instance<KubernetesClient> client;
    private final NodePower power;
    private final PolicyMetrics metrics;
    private final ActionLog actionLog;
    private final AuditMemory memory;
    private final Clock clock = Clock.systemUTC();

    private PolicySettings settings;
    private SafetyRails rails;
    private List<Policy> policies;
    private PolicyState state = PolicyState.EMPTY;
    private volatile PlanBoard board;
    private Leadership leadership;
    private PlanExecutor executor;
    private boolean wasActing;
    /** The state holds the audit trail's memory: read at the first cycle, and again on becoming leader. */
    private boolean remembered;
    private String lastFailure;
    private String memoryFailure;

    public PolicyEngine(AnalyzerConfig config, SnapshotSource source, LiveCluster cluster, Instance<KubernetesClient> client,
                        NodePower power, PolicyMetrics metrics, ActionLog actionLog, AuditMemory memory) {
        this.config = config;
        this.source = source;
        this.cluster = cluster;
        this.client = client;
        this.power = power;
        this.metrics = metrics;
        this.actionLog = actionLog;
        this.memory = memory;
    }

    synchronized void start(@Observes StartupEvent event) {
        settings = PolicySettingsMapping.from(config.policies());
        rails = new SafetyRails(settings.rails());
        policies = settings.policies();
        board = PlanBoard.before(settings.modes());
        PolicyStartup.check(settings.modes(), config.kubernetes().enabled());
        if (!settings.modes().containsValue(Mode.ENFORCE)) {
            LOG.infof("power policies: %s (nothing is enforced: no leader election, no actions)", describe(settings.modes()));
            return;
        }
        AnalyzerConfig.Policies.LeaderElection election = config.policies().leaderElection();
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
        executor = new PlanExecutor(client.get(), cluster, new Actuators(config.policies().actuator(), cluster), power,
                actionLog, leadership, new PlanExecutor.Settings(config.policies().executor().drainTimeout(),
                config.policies().powerOn().bootTimeout(), config.policies().executor().uncordonAfter(), Duration.ofSeconds(1),
                settings.rails().maxFailures()), clock);
        LOG.infof("power policies: %s", describe(settings.modes()));
    }

    void stop(@Observes ShutdownEvent event) {
        Leadership current = leadership;
        if (current != null) {
            current.close();
        }
    }

    /** The first cycle one interval after start-up: the informers have listed the cluster by then. */
    @Scheduled(every = "${energy-analyzer.policies.interval}", delayed = "${energy-analyzer.policies.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "power-policies")
    void scheduled() {
        if (settings == null || settings.modes().values().stream().allMatch(m -> m == Mode.OFF)) {
            return;
        }
        try {
            metrics.cycles().record(this::cycle);
        } catch (RuntimeException e) {
            LOG.errorf(e, "power policies: the cycle failed; trying again in %s", config.policies().interval());
        }
    }

    /** One cycle (also called by tests); the board it published. */
    public synchronized PlanBoard cycle() {
        Instant attempted = clock.instant();
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
        if (acting) {
            if (!wasActing) {
                executor.releaseOrphanedCordons();
            }
            executor.followUp();
        }
        wasActing = acting;
        state = state.observe(snapshot, now);
        List<Plan> all = new ArrayList<>();
        List<Plan> enforced = new ArrayList<>();
        for (Policy policy : policies) {
            Mode mode = settings.modes().get(policy.name());
            if (mode == Mode.OFF) {
                metrics.off(policy.name());
                continue;
            }
            Plan plan = policy.plan(snapshot, state, now);
            all.add(plan);
            if (mode == Mode.ENFORCE) {
                enforced.add(plan);
            }
        }
        Map<PolicyName, Plan> published = new EnumMap<>(PolicyName.class);
        for (Plan plan : rails.apply(all, snapshot, state, now)) {
            published.put(plan.policy(), plan);
        }
        List<Plan> admitted = rails.apply(enforced, snapshot, state, now);
        admitted.forEach(plan -> published.put(plan.policy(), plan));
        published.forEach((policy, plan) -> metrics.planned(plan, settings.modes().get(policy)));
        metrics.snapshot(snapshot);
        board = new PlanBoard(published, settings.modes(), acting, null, attempted);
        config.policies().planDirectory().ifPresent(dir -> write(dir, published));
        if (acting) {
            for (Plan plan : admitted) {
                if (!plan.actions().isEmpty()) {
                    PlanExecutor.Execution execution = executor.execute(plan, state);
                    state = rails.executed(state, execution.done(), execution.failed(), clock.instant());
                }
            }
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
            state = memory.restore(state, now.minus(lookback), now.minus(r.interval()));
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
        return current == null ? PlanBoard.before(PolicySettingsMapping.from(config.policies()).modes()) : current;
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
            LOG.warnf("power policies: cannot write the plans to %s (energy-analyzer.policies.plan-directory): %s", dir, e);
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
