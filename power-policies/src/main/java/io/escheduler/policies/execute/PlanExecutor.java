package io.escheduler.policies.execute;

import io.escheduler.policies.FailedAction;
import io.escheduler.policies.FailureRecord;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.UnderWay;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out the plans of enforced policies that passed the safety rails, one node change at a time (a node's
 * actions of one plan, in order), and records every action ({@link ActionLog}). It decides; {@link ClusterOperations},
 * {@link PowerSwitch} and {@link NodeActuators} do, so that the service (Kubernetes, power drivers, node-actuators)
 * and the simulator run the same decisions. All time is the injected clock's; nothing here blocks or sleeps.
 *
 * <ul>
 * <li><b>cordon</b>: when the node is not cordoned already, cordoned and annotated {@value #CORDONED_BY} with the
 *     policy, so that only this executor's cordons are ever undone;</li>
 * <li><b>evict</b>: through the Eviction API, which honours PodDisruptionBudgets: a refusal (HTTP 429) is skipped and
 *     reported, and a power-off of that node is then abandoned; a pod already gone counts as evicted;</li>
 * <li><b>power-off</b>: once the node runs no workload pods (DaemonSet and static pods stay), switched off through its
 *     power driver and annotated {@value NodeSnapshot#POWERED_OFF} and {@value #POWERED_OFF_AT}. While pods are still
 *     going the change is <em>under way</em> ({@link #underWay}): {@link #execute} returns, and {@link #followUp}
 *     powers the node off once it is drained, or fails the power-off after {@code executor.drain-timeout} (and
 *     uncordons the node). The service calls {@code followUp} at each cycle and, while {@link #draining}, every
 *     second or so; a simulator at each of its steps;</li>
 * <li><b>power-on</b>: switched on, {@code powered-off} removed, annotated {@value #POWERED_ON_AT}, its own cordon
 *     undone; {@link #followUp} later reports a node that did not become Ready within {@code power-on.boot-timeout}
 *     and marks it {@value NodeSnapshot#POWER_ON_FAILED} (never retried);</li>
 * <li><b>uncordon</b> (migrations): deferred until the node's evicted pods are gone, or {@code executor.uncordon-after}
 *     passed ({@link #followUp});</li>
 * <li><b>CPU ceiling and power limit</b>: through the node's actuator.</li>
 * </ul>
 * Before every step it asks whether this replica still leads; one that no longer does stops there. When a step fails,
 * the node's later steps are skipped (recorded as such) and a cordon this change made is undone: a node is never left
 * cordoned, half drained, by a change that stopped. A failed power action or actuator change is returned
 * ({@link Execution#failed}): the safety rails back that control off on the node; its {@code rails.max-failures}-th
 * failure in a row marks the node {@link NodeSnapshot#failedAnnotation} (recorded with the failure), and no policy
 * tries that control on it again until an operator removes the mark.
 *
 * <p>Not thread-safe: one caller at a time (the service's cycle, the simulator's loop).
 */
public final class PlanExecutor {

    private static final System.Logger LOG = System.getLogger(PlanExecutor.class.getName());

    /** Annotation on a node this executor cordoned; the value is the policy. */
    public static final String CORDONED_BY = "energy.escheduler.io/cordoned-by";
    /** Annotation on a node this executor powered on, until it is Ready; the value is when. */
    public static final String POWERED_ON_AT = "energy.escheduler.io/powered-on-at";
    /** Annotation on a node this executor powered off; the value is when. */
    public static final String POWERED_OFF_AT = "energy.escheduler.io/powered-off-at";

    private record PendingUncordon(PolicyName policy, Instant plannedAt, Action action, Set<String> evicted, Instant since) {
    }

    private final ClusterOperations cluster;
    private final PowerSwitch power;
    private final NodeActuators actuators;
    private final ActionLog log;
    private final Leader leader;
    private final Clock clock;
    private final Duration drainTimeout;
    private final Duration bootTimeout;
    private final Duration uncordonAfter;
    private final int maxFailures;
    /** Deferred uncordons by node, in the order they were deferred. */
    private final Map<String, PendingUncordon> uncordons = new LinkedHashMap<>();
    /** Node changes waiting for their drain, by node, in the order they started waiting. */
    private final Map<String, Change> draining = new LinkedHashMap<>();

    /**
     * @param settings {@code executor.drain-timeout}, {@code executor.uncordon-after}, {@code power-on.boot-timeout}
     *                 and {@code rails.max-failures} are read
     */
    public PlanExecutor(PolicySettings settings, ClusterOperations cluster, PowerSwitch power, NodeActuators actuators, ActionLog log,
                        Leader leader, Clock clock) {
        this.cluster = cluster;
        this.power = power;
        this.actuators = actuators;
        this.log = log;
        this.leader = leader;
        this.clock = clock;
        this.drainTimeout = settings.executor().drainTimeout();
        this.uncordonAfter = settings.executor().uncordonAfter();
        this.bootTimeout = settings.powerOn().bootTimeout();
        this.maxFailures = settings.rails().maxFailures();
    }

    /**
     * Carries out {@code plan} as far as it can now: each node's change runs to its end, or to a power-off that waits
     * for the node's pods to go (it goes on in {@link #followUp}).
     *
     * @param state the policies' memory before it: how often each control failed in a row on each node
     */
    public Execution execute(Plan plan, PolicyState state) {
        Map<String, List<Action>> changes = new LinkedHashMap<>();
        for (Action action : plan.actions()) {
            changes.computeIfAbsent(action.node(), n -> new ArrayList<>()).add(action);
        }
        List<Action> done = new ArrayList<>();
        List<FailedAction> failed = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        changes.forEach((node, actions) -> {
            Change change = new Change(plan, node, actions);
            if (draining.containsKey(node)) {
                change.stopped = "a change is under way on " + node + ": " + draining.get(node).underWay().describe();
            }
            if (!proceed(change, state, failed)) {
                draining.put(node, change);
            }
            done.addAll(change.takeDone());
            if (!change.done.isEmpty()) {
                changed.add(node);
                change.counted = true;
            }
        });
        return new Execution(new Plan(plan.policy(), plan.plannedAt(), done, List.of()), failed, changed, clock.instant());
    }

    /**
     * What earlier calls left to finish, at the start of each cycle (and, while {@link #draining}, more often):
     * <ul>
     * <li>power-offs waiting for their drain: carried out once the node runs no workload pods, failed after the drain
     *     timeout, abandoned when this replica no longer leads (each undoing its change's cordon);</li>
     * <li>deferred uncordons whose evicted pods are gone, or whose delay passed;</li>
     * <li>nodes powered on that came back (annotation removed) or did not within the boot timeout (reported, annotated
     *     {@value NodeSnapshot#POWER_ON_FAILED}).</li>
     * </ul>
     * The last two only on the leader.
     *
     * @param state the policies' memory, for the failure series of a power-off that fails now
     * @return what came of the waiting changes, by plan, for the policies' memory; empty when none went on
     */
    public List<Execution> followUp(PolicyState state) {
        List<Execution> executions = new ArrayList<>();
        for (Change change : List.copyOf(draining.values())) {
            List<FailedAction> failed = new ArrayList<>();
            if (proceed(change, state, failed)) {
                draining.remove(change.node);
            }
            List<Action> done = change.takeDone();
            if (done.isEmpty() && failed.isEmpty()) {
                continue;
            }
            Set<String> changed = change.counted || done.isEmpty() ? Set.of() : Set.of(change.node);
            change.counted |= !done.isEmpty();
            executions.add(new Execution(new Plan(change.plan.policy(), change.plan.plannedAt(), done, List.of()), failed, changed,
                    clock.instant()));
        }
        if (leader.leading()) {
            uncordonDeferred();
            followBoots();
        }
        return executions;
    }

    /**
     * Gives up every change under way, e.g. when the service stops: each waiting power-off and the steps after it are
     * recorded as skipped with {@code why}, and the cordon of each such change is undone, so that no node stays
     * cordoned, half drained, for a change nobody will finish.
     */
    public void abandon(String why) {
        for (Change change : List.copyOf(draining.values())) {
            change.stopped = why;
            proceed(change, PolicyState.EMPTY, new ArrayList<>());
            draining.remove(change.node);
        }
    }

    /** Whether a power-off waits for its node's pods to go: the service then calls {@link #followUp} sooner than the next cycle. */
    public boolean draining() {
        return !draining.isEmpty();
    }

    /** The node changes started and not finished, by node: for the safety rails ({@link PolicyState#withUnderWay}). */
    public Map<String, UnderWay> underWay() {
        Map<String, UnderWay> out = new LinkedHashMap<>();
        draining.forEach((node, change) -> out.put(node, change.underWay()));
        return out;
    }

    /**
     * Undoes cordons this executor made that no change is using any more: after a restart or a change of leader, a
     * consolidation or migration that was under way is abandoned, and its node must not stay cordoned. A node powered
     * off, or not Ready, keeps its cordon.
     */
    public void releaseOrphanedCordons() {
        for (NodeView node : cluster.nodesAnnotated(CORDONED_BY)) {
            String name = node.name();
            if (uncordons.containsKey(name) || draining.containsKey(name) || node.poweredOff() || !node.ready()) {
                continue;
            }
            String policy = node.annotation(CORDONED_BY);
            Action action = Action.onNode(ActionKind.UNCORDON, name, "cordoned by " + policy + " in a change this leader did not start");
            Instant now = clock.instant();
            try {
                cluster.uncordon(name);
                record(policyOr(policy), now, action, Outcome.DONE, null);
            } catch (OperationException | RuntimeException e) {
                record(policyOr(policy), now, action, Outcome.FAILED, message(e));
            }
        }
    }

    /** One node's actions of one plan, and how far they got. */
    private final class Change {
        final Plan plan;
        final String node;
        final List<Action> actions;
        /** The next action to carry out. */
        int next;
        /** Why the remaining actions are not attempted, once a step did not succeed. */
        String stopped;
        boolean cordonedHere;
        final Set<String> evicted = new LinkedHashSet<>();
        final List<String> refused = new ArrayList<>();
        final List<Action> done = new ArrayList<>();
        /** How many of {@link #done} were handed out already. */
        int reported;
        /** The node counted as changed in an earlier {@link Execution}. */
        boolean counted;
        /** While a power-off waits for the drain: since when, and until when at the latest. */
        Instant drainSince;
        Instant drainUntil;

        Change(Plan plan, String node, List<Action> actions) {
            this.plan = plan;
            this.node = node;
            this.actions = actions;
        }

        List<Action> takeDone() {
            List<Action> out = List.copyOf(done.subList(reported, done.size()));
            reported = done.size();
            return out;
        }

        UnderWay underWay() {
            return new UnderWay(plan.policy(), actions.get(next).kind(), drainSince, drainUntil);
        }
    }

    /**
     * Carries {@code change} on from its next action; false when it waits for its node's drain (call again later),
     * true when it is over (every action done, skipped or failed, and a failure's cordon undone).
     */
    private boolean proceed(Change change, PolicyState state, List<FailedAction> failed) {
        String node = change.node;
        while (change.next < change.actions.size()) {
            Action action = change.actions.get(change.next);
            boolean resumed = change.drainSince != null;
            if (change.stopped == null && !resumed && !leader.leading()) {
                change.stopped = "this replica no longer leads (Lease lost)";
            }
            if (change.stopped != null) {
                record(change.plan, action, Outcome.SKIPPED, "not attempted: " + change.stopped);
                change.next++;
                continue;
            }
            try {
                switch (action.kind()) {
                    case CORDON -> change.cordonedHere = cordon(node, change.plan.policy());
                    case EVICT -> {
                        String key = action.namespace() + "/" + action.pod();
                        String refusal = evict(action);
                        if (refusal != null) {
                            change.refused.add(key);
                            record(change.plan, action, Outcome.SKIPPED, refusal);
                            change.next++;
                            continue;
                        }
                        change.evicted.add(key);
                    }
                    case UNCORDON -> {
                        uncordons.put(node, new PendingUncordon(change.plan.policy(), change.plan.plannedAt(), action,
                                Set.copyOf(change.evicted), clock.instant()));
                        LOG.log(System.Logger.Level.INFO, () -> String.format("%s: node %s is uncordoned once its %d evicted pods are gone "
                                + "(at the latest in %s)", change.plan.policy().wireName(), node, change.evicted.size(), uncordonAfter));
                        change.next++;
                        continue;
                    }
                    case POWER_OFF -> {
                        if (!change.refused.isEmpty()) {
                            throw new StepFailure(Outcome.SKIPPED, "not powered off: evictions refused for " + String.join(", ", change.refused));
                        }
                        if (!drained(change)) {
                            return false;
                        }
                        powerOff(node);
                    }
                    case POWER_ON -> powerOn(node);
                    case SET_CPUFREQ -> actuators.setCeiling(node, action.value());
                    case RESTORE_CPUFREQ -> actuators.restoreCeiling(node);
                    case SET_POWER_LIMIT -> actuators.setPowerLimit(node, action.value());
                    case LIFT_POWER_LIMIT -> actuators.liftPowerLimit(node);
                }
                record(change.plan, action, Outcome.DONE, null);
                change.done.add(action);
            } catch (StepFailure e) {
                record(change.plan, action, e.outcome, e.outcome == Outcome.FAILED
                        ? failure(change.plan, action, e.getMessage(), state, failed) : e.getMessage());
                change.stopped = "an earlier step on " + node + " did not succeed (" + action.kind().wireName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                record(change.plan, action, Outcome.SKIPPED, "interrupted (the service is stopping)");
                change.stopped = "the service is stopping";
            } catch (OperationException | RuntimeException e) {
                record(change.plan, action, Outcome.FAILED, failure(change.plan, action, message(e), state, failed));
                change.stopped = "an earlier step on " + node + " failed (" + action.kind().wireName() + ")";
            }
            change.drainSince = null;
            change.drainUntil = null;
            change.next++;
        }
        if (change.stopped != null && change.cordonedHere) {
            uncordons.remove(node);
            Action undo = Action.onNode(ActionKind.UNCORDON, node, "undoes this change's cordon: " + change.stopped);
            try {
                cluster.uncordon(node);
                record(change.plan, undo, Outcome.DONE, null);
            } catch (OperationException | RuntimeException e) {
                record(change.plan, undo, Outcome.FAILED, message(e) + "; the node stays cordoned (annotated " + CORDONED_BY + ")");
            }
        }
        return true;
    }

    /**
     * Whether the node of {@code change}'s power-off runs no workload pods any more; false while they are still going
     * (the drain starts now if it had not).
     *
     * @throws StepFailure failed when the drain timeout passed, skipped when this replica stopped leading meanwhile
     */
    private boolean drained(Change change) throws StepFailure {
        Instant now = clock.instant();
        if (change.drainSince != null && !leader.leading()) {
            throw new StepFailure(Outcome.SKIPPED, "not powered off: this replica stopped leading during the drain");
        }
        List<String> left = cluster.workloadPods(change.node);
        if (left.isEmpty()) {
            return true;
        }
        if (change.drainSince == null) {
            change.drainSince = now;
            change.drainUntil = now.plus(drainTimeout);
        }
        if (!now.isBefore(change.drainUntil)) {
            throw new StepFailure(Outcome.FAILED, "not powered off: pods still on the node after " + drainTimeout + ": " + left);
        }
        return false;
    }

    /**
     * Notes the failure of {@code action} for the policies' memory and, when it is the {@code maxFailures}-th in a row
     * of its control on the node, marks the node; the detail to record.
     */
    private String failure(Plan plan, Action action, String detail, PolicyState state, List<FailedAction> failed) {
        Instant at = clock.instant();
        failed.add(new FailedAction(plan.policy(), action, at, detail));
        Control control = action.kind().control();
        if (!control.failureTracked()) {
            return detail;
        }
        FailureRecord before = state.failures(action.node(), control);
        int count = before == null ? 1 : before.count() + 1;
        if (count < maxFailures) {
            return detail + " (failure " + count + " of at most " + maxFailures + " in a row)";
        }
        String mark = NodeSnapshot.failedAnnotation(control);
        String value = at + ": " + plan.policy().wireName() + "'s " + action.kind().wireName() + " failed " + count + " times in a row; last: "
                + (detail.length() > 1000 ? detail.substring(0, 1000) + "…" : detail);
        try {
            cluster.annotate(action.node(), Map.of(mark, value), Set.of());
        } catch (OperationException | RuntimeException e) {
            return detail + "; failed " + count + " times in a row, and the node could not be annotated " + mark + ": " + message(e);
        }
        return detail + "; failed " + count + " times in a row: node annotated " + mark + ", and no policy tries its "
                + control.wireName() + " again until an operator removes that annotation";
    }

    /** Deferred uncordons whose evicted pods are gone, or whose delay passed. */
    private void uncordonDeferred() {
        Instant now = clock.instant();
        for (Map.Entry<String, PendingUncordon> entry : List.copyOf(uncordons.entrySet())) {
            String node = entry.getKey();
            PendingUncordon pending = entry.getValue();
            Set<String> left = new HashSet<>(cluster.workloadPods(node));
            left.retainAll(pending.evicted());
            boolean late = !now.isBefore(pending.since().plus(uncordonAfter));
            if (!left.isEmpty() && !late) {
                continue;
            }
            uncordons.remove(node);
            try {
                cluster.uncordon(node);
                record(pending.policy(), pending.plannedAt(), pending.action(), Outcome.DONE,
                        left.isEmpty() ? "its evicted pods are gone" : "after " + uncordonAfter + ", with " + left.stream().sorted().toList()
                                + " still there");
            } catch (OperationException | RuntimeException e) {
                record(pending.policy(), pending.plannedAt(), pending.action(), Outcome.FAILED, message(e));
            }
        }
    }

    /** Nodes powered on that are Ready again, or that did not become Ready within the boot timeout. */
    private void followBoots() {
        Instant now = clock.instant();
        for (NodeView node : cluster.nodesAnnotated(POWERED_ON_AT)) {
            String name = node.name();
            Instant at = parseInstant(node.annotation(POWERED_ON_AT));
            try {
                if (node.ready()) {
                    LOG.log(System.Logger.Level.INFO, () -> "node " + name + " is Ready again after its power-on at " + at);
                    cluster.annotate(name, Map.of(), Set.of(POWERED_ON_AT));
                } else if (at == null || !now.isBefore(at.plus(bootTimeout))) {
                    cluster.annotate(name, Map.of(NodeSnapshot.POWER_ON_FAILED, now.toString()), Set.of(POWERED_ON_AT));
                    record(PolicyName.POWER_ON, at == null ? now : at, Action.onNode(ActionKind.POWER_ON, name,
                                    "powered on at " + at + ", not Ready within " + bootTimeout), Outcome.FAILED,
                            "not powered on again until annotation " + NodeSnapshot.POWER_ON_FAILED + " is removed (and "
                                    + NodeSnapshot.POWERED_OFF + "=true set if it is off)");
                }
            } catch (OperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "cannot annotate node " + name + " after its power-on at " + at + ": " + message(e)
                        + "; trying again at the next cycle");
            }
        }
    }

    /** Cordons {@code node}; true when this call cordoned it (false: it already was). */
    private boolean cordon(String node, PolicyName policy) throws OperationException {
        NodeView current = cluster.node(node);
        if (current != null && current.unschedulable()) {
            return false;
        }
        cluster.cordon(node, policy);
        return true;
    }

    /** Evicts the action's pod; null when done (or already gone), else why the Eviction API refused. */
    private String evict(Action action) throws OperationException {
        if (!cluster.workloadPods(action.node()).contains(action.namespace() + "/" + action.pod())) {
            return null;
        }
        return switch (cluster.evict(action.namespace(), action.pod())) {
            case EVICTED, GONE -> null;
            case REFUSED_BY_BUDGET -> "the Eviction API refused (HTTP 429): a PodDisruptionBudget allows no disruption now";
        };
    }

    private void powerOff(String node) throws StepFailure, OperationException, InterruptedException {
        if (cluster.node(node) == null) {
            throw new StepFailure(Outcome.SKIPPED, "node " + node + " no longer exists");
        }
        power.powerOff(node);
        cluster.annotate(node, Map.of(NodeSnapshot.POWERED_OFF, "true", POWERED_OFF_AT, clock.instant().toString()), Set.of());
    }

    private void powerOn(String node) throws StepFailure, OperationException, InterruptedException {
        NodeView current = cluster.node(node);
        if (current == null) {
            throw new StepFailure(Outcome.SKIPPED, "node " + node + " no longer exists");
        }
        power.powerOn(node);
        cluster.annotate(node, Map.of(POWERED_ON_AT, clock.instant().toString()), Set.of(NodeSnapshot.POWERED_OFF, POWERED_OFF_AT));
        if (current.annotation(CORDONED_BY) != null) {
            cluster.uncordon(node);
        }
    }

    private void record(Plan plan, Action action, Outcome outcome, String detail) {
        record(plan.policy(), plan.plannedAt(), action, outcome, detail);
    }

    private void record(PolicyName policy, Instant plannedAt, Action action, Outcome outcome, String detail) {
        log.record(new AuditEntry(clock.instant(), policy, plannedAt, action, outcome, detail, leader.identity()));
    }

    private static PolicyName policyOr(String wireName) {
        return PolicyName.ofWireName(wireName).orElse(PolicyName.CONSOLIDATION);
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A step that did not succeed, with the outcome to record. */
    private static final class StepFailure extends Exception {
        private final Outcome outcome;

        StepFailure(Outcome outcome, String message) {
            super(message);
            this.outcome = outcome;
        }
    }
}
