package io.escheduler.analyzer.policies.execute;

import io.escheduler.analyzer.policies.LiveCluster;
import io.escheduler.analyzer.policies.kube.KubeSnapshots;
import io.escheduler.policies.FailedAction;
import io.escheduler.policies.FailureRecord;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.execute.Outcome;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PolicyName;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Carries out the plans of enforced policies that passed the safety rails, on the leader only, one node change at a
 * time (a node's actions of one plan, in order), and records every action ({@link ActionLog}).
 *
 * <ul>
 * <li><b>cordon</b>: {@code spec.unschedulable} set, and annotated {@value #CORDONED_BY} with the policy when this
 *     executor did it, so that only its own cordons are ever undone;</li>
 * <li><b>evict</b>: through the Eviction API, which honours PodDisruptionBudgets: a refusal (HTTP 429) is skipped and
 *     reported, and a power-off of that node is then abandoned;</li>
 * <li><b>power-off</b>: waits until the node runs no workload pods (DaemonSet and static pods stay) for at most the
 *     drain timeout, switches it off through its power driver, then annotates it
 *     {@value NodeSnapshot#POWERED_OFF};</li>
 * <li><b>power-on</b>: switches it on, removes {@code powered-off}, annotates {@value #POWERED_ON_AT}, undoes its own
 *     cordon; {@link #followUp} later reports a node that did not become Ready within the boot timeout and marks it
 *     {@value NodeSnapshot#POWER_ON_FAILED} (never retried);</li>
 * <li><b>uncordon</b> (migrations): deferred until the node's evicted pods are gone, or the uncordon delay passed;</li>
 * <li><b>CPU ceiling and power limit</b>: through the node's actuator ({@link Actuators}).</li>
 * </ul>
 * When a step fails, the node's later steps are skipped (recorded as such) and a cordon this change made is undone:
 * a node is never left cordoned, half drained, by a change that stopped. A failed power action or actuator change is
 * returned ({@link Execution#failed}): the safety rails back that control off on the node; its
 * {@code maxFailures}-th failure in a row marks the node {@link NodeSnapshot#failedAnnotation} (recorded with the
 * failure), and no policy tries that control on it again until an operator removes the mark.
 */
public final class PlanExecutor {

    private static final Logger LOG = Logger.getLogger(PlanExecutor.class);

    /** Annotation on a node this executor cordoned; the value is the policy. */
    public static final String CORDONED_BY = "energy.escheduler.io/cordoned-by";
    /** Annotation on a node this executor powered on, until it is Ready; the value is when. */
    public static final String POWERED_ON_AT = "energy.escheduler.io/powered-on-at";
    /** Annotation on a node this executor powered off; the value is when. */
    public static final String POWERED_OFF_AT = "energy.escheduler.io/powered-off-at";

    /**
     * Settings the executor needs.
     *
     * @param maxFailures failures in a row of one control on a node after which the node is marked
     */
    public record Settings(Duration drainTimeout, Duration bootTimeout, Duration uncordonAfter, Duration pollInterval, int maxFailures) {
    }

    /** What came of a plan: the actions done (the policies' memory: cooldowns, budget) and those that failed, with why. */
    public record Execution(Plan done, List<FailedAction> failed) {
    }

    private record PendingUncordon(PolicyName policy, Instant plannedAt, Action action, Set<String> evicted, Instant since) {
    }

    private final KubernetesClient client;
    /** The same client without retries: a 429 from the Eviction API is an answer to report, not to wait out with backoff. */
    private final KubernetesClient evictions;
    private final LiveCluster cluster;
    private final Actuators actuators;
    private final NodePower power;
    private final ActionLog log;
    private final Leadership leadership;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, PendingUncordon> uncordons = new ConcurrentHashMap<>();

    public PlanExecutor(KubernetesClient client, LiveCluster cluster, Actuators actuators, NodePower power, ActionLog log,
                        Leadership leadership, Settings settings, Clock clock) {
        this.client = client;
        this.evictions = client.newClient(new RequestConfigBuilder().withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
        this.cluster = cluster;
        this.actuators = actuators;
        this.power = power;
        this.log = log;
        this.leadership = leadership;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Carries out {@code plan}.
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
        changes.forEach((node, actions) -> done.addAll(change(plan, node, actions, state, failed)));
        return new Execution(new Plan(plan.policy(), plan.plannedAt(), done, List.of()), failed);
    }

    private List<Action> change(Plan plan, String node, List<Action> actions, PolicyState state, List<FailedAction> failed) {
        List<Action> done = new ArrayList<>();
        String stopped = null;
        boolean cordonedHere = false;
        Set<String> evicted = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        for (Action action : actions) {
            if (stopped == null && !leadership.leading()) {
                stopped = "this replica no longer leads (Lease lost)";
            }
            if (stopped != null) {
                record(plan, action, Outcome.SKIPPED, "not attempted: " + stopped);
                continue;
            }
            try {
                switch (action.kind()) {
                    case CORDON -> cordonedHere = cordon(node, plan.policy());
                    case EVICT -> {
                        String refusal = evict(action);
                        if (refusal != null) {
                            refused.add(action.namespace() + "/" + action.pod());
                            record(plan, action, Outcome.SKIPPED, refusal);
                            continue;
                        }
                        evicted.add(action.namespace() + "/" + action.pod());
                    }
                    case UNCORDON -> {
                        uncordons.put(node, new PendingUncordon(plan.policy(), plan.plannedAt(), action, Set.copyOf(evicted), clock.instant()));
                        LOG.infof("%s: node %s is uncordoned once its %d evicted pods are gone (at the latest in %s)", plan.policy().wireName(),
                                node, evicted.size(), settings.uncordonAfter());
                        continue;
                    }
                    case POWER_OFF -> {
                        if (!refused.isEmpty()) {
                            throw new StepFailure(Outcome.SKIPPED, "not powered off: evictions refused for " + String.join(", ", refused));
                        }
                        powerOff(node);
                    }
                    case POWER_ON -> powerOn(node);
                    case SET_CPUFREQ -> actuators.setCeiling(node, action.value());
                    case RESTORE_CPUFREQ -> actuators.restoreCeiling(node);
                    case SET_POWER_LIMIT -> actuators.setPowerLimit(node, action.value());
                    case LIFT_POWER_LIMIT -> actuators.liftPowerLimit(node);
                }
                record(plan, action, Outcome.DONE, null);
                done.add(action);
            } catch (StepFailure e) {
                record(plan, action, e.outcome, e.outcome == Outcome.FAILED ? failure(plan, action, e.getMessage(), state, failed) : e.getMessage());
                stopped = "an earlier step on " + node + " did not succeed (" + action.kind().wireName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                record(plan, action, Outcome.SKIPPED, "interrupted (the analyzer is stopping)");
                stopped = "the analyzer is stopping";
            } catch (Exception e) {
                record(plan, action, Outcome.FAILED, failure(plan, action, message(e), state, failed));
                stopped = "an earlier step on " + node + " failed (" + action.kind().wireName() + ")";
            }
        }
        if (stopped != null && cordonedHere) {
            uncordons.remove(node);
            Action undo = Action.onNode(ActionKind.UNCORDON, node, "undoes this change's cordon: " + stopped);
            try {
                uncordon(node);
                record(plan, undo, Outcome.DONE, null);
            } catch (RuntimeException e) {
                record(plan, undo, Outcome.FAILED, message(e) + "; the node stays cordoned (annotated " + CORDONED_BY + ")");
            }
        }
        return done;
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
        if (count < settings.maxFailures()) {
            return detail + " (failure " + count + " of at most " + settings.maxFailures() + " in a row)";
        }
        String mark = NodeSnapshot.failedAnnotation(control);
        String value = at + ": " + plan.policy().wireName() + "'s " + action.kind().wireName() + " failed " + count + " times in a row; last: "
                + (detail.length() > 1000 ? detail.substring(0, 1000) + "…" : detail);
        try {
            annotate(action.node(), n -> {
                n.getMetadata().getAnnotations().put(mark, value);
                return n;
            });
        } catch (RuntimeException e) {
            return detail + "; failed " + count + " times in a row, and the node could not be annotated " + mark + ": " + message(e);
        }
        return detail + "; failed " + count + " times in a row: node annotated " + mark + ", and no policy tries its "
                + control.wireName() + " again until an operator removes that annotation";
    }

    /**
     * What earlier cycles left to finish, on the leader at the start of each cycle: deferred uncordons whose pods are
     * gone (or whose delay passed), and nodes powered on that came back (annotation removed) or did not within the boot
     * timeout (reported, annotated {@value NodeSnapshot#POWER_ON_FAILED}).
     */
    public void followUp() {
        Instant now = clock.instant();
        for (Map.Entry<String, PendingUncordon> entry : List.copyOf(uncordons.entrySet())) {
            String node = entry.getKey();
            PendingUncordon pending = entry.getValue();
            Set<String> left = cluster.podsOn(node).stream().filter(p -> !terminal(p))
                    .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                    .filter(pending.evicted()::contains).collect(Collectors.toSet());
            boolean late = !now.isBefore(pending.since().plus(settings.uncordonAfter()));
            if (!left.isEmpty() && !late) {
                continue;
            }
            uncordons.remove(node);
            try {
                uncordon(node);
                log.record(pending.policy(), pending.plannedAt(), pending.action(), Outcome.DONE,
                        left.isEmpty() ? "its evicted pods are gone" : "after " + settings.uncordonAfter() + ", with " + left + " still there",
                        leadership.identity());
            } catch (RuntimeException e) {
                log.record(pending.policy(), pending.plannedAt(), pending.action(), Outcome.FAILED, message(e), leadership.identity());
            }
        }
        for (Node node : cluster.nodesAnnotated(POWERED_ON_AT)) {
            String name = node.getMetadata().getName();
            Instant at = parseInstant(node.getMetadata().getAnnotations().get(POWERED_ON_AT));
            if (KubeSnapshots.node(node).ready()) {
                LOG.infof("node %s is Ready again after its power-on at %s", name, at);
                annotate(name, n -> removeAnnotation(n, POWERED_ON_AT));
            } else if (at == null || !now.isBefore(at.plus(settings.bootTimeout()))) {
                annotate(name, n -> {
                    removeAnnotation(n, POWERED_ON_AT);
                    n.getMetadata().getAnnotations().put(NodeSnapshot.POWER_ON_FAILED, now.toString());
                    return n;
                });
                log.record(PolicyName.POWER_ON, at == null ? now : at, Action.onNode(ActionKind.POWER_ON, name,
                                "powered on at " + at + ", not Ready within " + settings.bootTimeout()), Outcome.FAILED,
                        "not powered on again until annotation " + NodeSnapshot.POWER_ON_FAILED + " is removed (and "
                                + NodeSnapshot.POWERED_OFF + "=true set if it is off)", leadership.identity());
            }
        }
    }

    /**
     * Undoes cordons this executor made that no change is using any more: after a restart or a change of leader, a
     * consolidation or migration that was under way is abandoned, and its node must not stay cordoned.
     */
    public void releaseOrphanedCordons() {
        for (Node node : cluster.nodesAnnotated(CORDONED_BY)) {
            String name = node.getMetadata().getName();
            NodeSnapshot snapshot = KubeSnapshots.node(node);
            if (uncordons.containsKey(name) || snapshot.poweredOff() || !snapshot.ready()) {
                continue;
            }
            String policy = node.getMetadata().getAnnotations().get(CORDONED_BY);
            Action action = Action.onNode(ActionKind.UNCORDON, name, "cordoned by " + policy + " in a change this leader did not start");
            try {
                uncordon(name);
                log.record(policyOr(policy), clock.instant(), action, Outcome.DONE, null, leadership.identity());
            } catch (RuntimeException e) {
                log.record(policyOr(policy), clock.instant(), action, Outcome.FAILED, message(e), leadership.identity());
            }
        }
    }

    /** Cordons {@code node}; true when this call cordoned it (false: it already was). */
    private boolean cordon(String node, PolicyName policy) {
        Node current = cluster.node(node);
        if (current != null && current.getSpec() != null && Boolean.TRUE.equals(current.getSpec().getUnschedulable())) {
            return false;
        }
        annotate(node, n -> {
            n.getSpec().setUnschedulable(true);
            n.getMetadata().getAnnotations().put(CORDONED_BY, policy.wireName());
            return n;
        });
        return true;
    }

    /** Uncordons {@code node} if this executor cordoned it. */
    private void uncordon(String node) {
        annotate(node, n -> {
            if (n.getMetadata().getAnnotations().remove(CORDONED_BY) != null) {
                n.getSpec().setUnschedulable(false);
            }
            return n;
        });
    }

    /** Evicts the action's pod; null when done (or already gone), else why the Eviction API refused. */
    private String evict(Action action) {
        boolean present = cluster.podsOn(action.node()).stream().anyMatch(p -> action.pod().equals(p.getMetadata().getName())
                && action.namespace().equals(p.getMetadata().getNamespace()) && !terminal(p));
        if (!present) {
            return null;
        }
        try {
            // policy/v1, served since Kubernetes 1.22 (fabric8's evict() without argument sends policy/v1beta1)
            Eviction eviction = new EvictionBuilder().withNewMetadata().withName(action.pod()).withNamespace(action.namespace())
                    .endMetadata().build();
            if (!evictions.pods().inNamespace(action.namespace()).withName(action.pod()).evict(eviction)) {
                return "the Eviction API refused (HTTP 429): a PodDisruptionBudget allows no disruption now";
            }
            return null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void powerOff(String node) throws Exception {
        Instant deadline = clock.instant().plus(settings.drainTimeout());
        List<String> left = workload(node);
        while (!left.isEmpty()) {
            if (!clock.instant().isBefore(deadline)) {
                throw new StepFailure(Outcome.FAILED, "not powered off: pods still on the node after " + settings.drainTimeout() + ": " + left);
            }
            if (!leadership.leading()) {
                throw new StepFailure(Outcome.SKIPPED, "not powered off: this replica stopped leading during the drain");
            }
            Thread.sleep(settings.pollInterval().toMillis());
            left = workload(node);
        }
        Node current = cluster.node(node);
        if (current == null) {
            throw new StepFailure(Outcome.SKIPPED, "node " + node + " no longer exists");
        }
        power.powerOff(current);
        annotate(node, n -> {
            n.getMetadata().getAnnotations().put(NodeSnapshot.POWERED_OFF, "true");
            n.getMetadata().getAnnotations().put(POWERED_OFF_AT, clock.instant().toString());
            return n;
        });
    }

    private void powerOn(String node) throws Exception {
        Node current = cluster.node(node);
        if (current == null) {
            throw new StepFailure(Outcome.SKIPPED, "node " + node + " no longer exists");
        }
        power.powerOn(current);
        annotate(node, n -> {
            removeAnnotation(n, NodeSnapshot.POWERED_OFF);
            removeAnnotation(n, POWERED_OFF_AT);
            n.getMetadata().getAnnotations().put(POWERED_ON_AT, clock.instant().toString());
            if (n.getMetadata().getAnnotations().remove(CORDONED_BY) != null) {
                n.getSpec().setUnschedulable(false);
            }
            return n;
        });
    }

    /** The node's pods that keep it from powering off: not finished, not DaemonSet or static pods. */
    private List<String> workload(String node) {
        List<String> names = new ArrayList<>();
        for (Pod pod : cluster.podsOn(node)) {
            if (KubeSnapshots.pod(pod, List.of()).workload()) {
                names.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }
        }
        return names;
    }

    /** Edits the Node through the API server (a JSON patch of the difference); the cache follows through its watch. */
    private void annotate(String node, UnaryOperator<Node> change) {
        client.nodes().withName(node).edit(n -> {
            Node copy = new NodeBuilder(n).build();
            if (copy.getMetadata().getAnnotations() == null) {
                copy.getMetadata().setAnnotations(new HashMap<>());
            }
            if (copy.getSpec() == null) {
                copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            }
            return change.apply(copy);
        });
    }

    private static Node removeAnnotation(Node node, String key) {
        node.getMetadata().getAnnotations().remove(key);
        return node;
    }

    private void record(Plan plan, Action action, Outcome outcome, String detail) {
        log.record(plan.policy(), plan.plannedAt(), action, outcome, detail, leadership.identity());
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static PolicyName policyOr(String wireName) {
        return PolicyName.ofWireName(wireName).orElse(PolicyName.CONSOLIDATION);
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String message(Exception e) {
        if (e instanceof KubernetesClientException k) {
            return "Kubernetes API: HTTP " + k.getCode() + " " + (k.getStatus() == null ? k.getMessage() : k.getStatus().getMessage());
        }
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
