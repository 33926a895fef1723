package io.escheduler.policies.execute;

import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.PolicyName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Every operation the executor needs, in memory, for its tests. It records each call ({@link #calls}) and each audit
 * entry ({@link #audit}), keeps the nodes' cordons and annotations as the calls leave them, and otherwise answers
 * only as a test set it up: nothing happens by itself. An evicted pod stays on its node until the test says it is
 * gone ({@link #gone}), a node switched on stays NotReady until the test says it booted ({@link #ready}), a
 * power-off leaves the node's readiness alone; failures are what a test asked for ({@link #failing}). Time is
 * {@link #clock}, moved by the test.
 */
final class InMemoryCluster implements ClusterOperations, PowerSwitch, NodeActuators, ActionLog, Leader {

    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static final class NodeState {
        boolean ready = true;
        boolean unschedulable;
        final Map<String, String> annotations = new TreeMap<>();
    }

    final TestClock clock = new TestClock();
    /** Every operation asked for, in order, e.g. {@code cordon n1 by consolidation}, {@code evict shop/web-1}. */
    final List<String> calls = new ArrayList<>();
    final List<AuditEntry> audit = new ArrayList<>();
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> workload = new HashMap<>();
    private final Map<String, Eviction> evictions = new HashMap<>();
    /** Operation ({@code power-off n1}) → the message it fails with. */
    private final Map<String, String> failures = new HashMap<>();
    private BooleanSupplier leading = () -> true;

    /** A Ready, schedulable node with {@code pods} as its workload ({@code namespace/name}). */
    InMemoryCluster add(String name, String... pods) {
        nodes.put(name, new NodeState());
        workload.put(name, new TreeSet<>(List.of(pods)));
        return this;
    }

    /** Sets annotation {@code key} on {@code node} (as something else than the executor did). */
    InMemoryCluster annotated(String node, String key, String value) {
        state(node).annotations.put(key, value);
        return this;
    }

    /** Cordoned (by a person, unless a {@link PlanExecutor#CORDONED_BY} annotation is added). */
    InMemoryCluster cordoned(String node) {
        state(node).unschedulable = true;
        return this;
    }

    InMemoryCluster ready(String node, boolean ready) {
        state(node).ready = ready;
        return this;
    }

    /** The Eviction API answers {@code answer} for {@code pod} ({@code namespace/name}); unset: {@link Eviction#EVICTED}. */
    InMemoryCluster evictionAnswers(String pod, Eviction answer) {
        evictions.put(pod, answer);
        return this;
    }

    /** {@code operation} (as {@link #calls} writes it, e.g. {@code power-off n1}) throws with {@code message}; null: it works again. */
    InMemoryCluster failing(String operation, String message) {
        if (message == null) {
            failures.remove(operation);
        } else {
            failures.put(operation, message);
        }
        return this;
    }

    /** Whether this replica leads, asked at every {@link #leading()}. */
    InMemoryCluster leading(BooleanSupplier answer) {
        leading = answer;
        return this;
    }

    /** The pod ({@code namespace/name}) left its node. */
    void gone(String node, String pod) {
        workload.get(node).remove(pod);
    }

    boolean cordoned(String node, boolean byExecutor) {
        NodeState n = state(node);
        return n.unschedulable && byExecutor == n.annotations.containsKey(PlanExecutor.CORDONED_BY);
    }

    Map<String, String> annotations(String node) {
        return Map.copyOf(state(node).annotations);
    }

    /** The audit entries of {@code node}, as {@code "<policy> <kind> <outcome>"}. */
    List<String> audit(String node) {
        return audit.stream().filter(e -> e.action().node().equals(node))
                .map(e -> e.policy().wireName() + " " + e.action().kind().wireName() + " " + e.outcome().wireName()).toList();
    }

    /** The latest audit entry of {@code node} with action {@code kind} (wire name). */
    AuditEntry latest(String node, String kind) {
        AuditEntry found = null;
        for (AuditEntry e : audit) {
            if (e.action().node().equals(node) && e.action().kind().wireName().equals(kind)) {
                found = e;
            }
        }
        return found;
    }

    @Override
    public NodeView node(String name) {
        NodeState n = nodes.get(name);
        return n == null ? null : view(name, n);
    }

    @Override
    public List<NodeView> nodesAnnotated(String key) {
        List<NodeView> out = new ArrayList<>();
        nodes.forEach((name, n) -> {
            if (n.annotations.containsKey(key)) {
                out.add(view(name, n));
            }
        });
        return out;
    }

    @Override
    public List<String> workloadPods(String node) {
        return List.copyOf(workload.getOrDefault(node, Set.of()));
    }

    @Override
    public void cordon(String node, PolicyName by) throws OperationException {
        call("cordon " + node + " by " + by.wireName());
        NodeState n = existing(node);
        n.unschedulable = true;
        n.annotations.put(PlanExecutor.CORDONED_BY, by.wireName());
    }

    @Override
    public boolean uncordon(String node) throws OperationException {
        call("uncordon " + node);
        NodeState n = existing(node);
        if (n.annotations.remove(PlanExecutor.CORDONED_BY) == null) {
            return false;
        }
        n.unschedulable = false;
        return true;
    }

    @Override
    public Eviction evict(String namespace, String pod) throws OperationException {
        call("evict " + namespace + "/" + pod);
        return evictions.getOrDefault(namespace + "/" + pod, Eviction.EVICTED);
    }

    @Override
    public void annotate(String node, Map<String, String> set, Set<String> remove) throws OperationException {
        call("annotate " + node + " " + new TreeMap<>(set).keySet() + " -" + new TreeSet<>(remove));
        NodeState n = existing(node);
        remove.forEach(n.annotations::remove);
        n.annotations.putAll(set);
    }

    @Override
    public void powerOn(String node) throws OperationException {
        call("power-on " + node);
    }

    @Override
    public void powerOff(String node) throws OperationException {
        call("power-off " + node);
    }

    @Override
    public void setCeiling(String node, String value) throws OperationException {
        call("set-cpufreq " + node + " " + value);
    }

    @Override
    public void restoreCeiling(String node) throws OperationException {
        call("restore-cpufreq " + node);
    }

    @Override
    public void setPowerLimit(String node, String watts) throws OperationException {
        call("set-power-limit " + node + " " + watts);
    }

    @Override
    public void liftPowerLimit(String node) throws OperationException {
        call("lift-power-limit " + node);
    }

    @Override
    public void record(AuditEntry entry) {
        audit.add(entry);
    }

    @Override
    public boolean leading() {
        return leading.getAsBoolean();
    }

    @Override
    public String identity() {
        return "replica-under-test";
    }

    private void call(String operation) throws OperationException {
        calls.add(operation);
        for (Map.Entry<String, String> failure : failures.entrySet()) {
            if (operation.startsWith(failure.getKey())) {
                throw new OperationException(failure.getValue());
            }
        }
    }

    private NodeState state(String node) {
        NodeState n = nodes.get(node);
        if (n == null) {
            throw new IllegalArgumentException("no node " + node + " in this test's cluster");
        }
        return n;
    }

    /** The node an operation names; like the API server, an unknown one is an error (HTTP 404). */
    private NodeState existing(String node) throws OperationException {
        NodeState n = nodes.get(node);
        if (n == null) {
            throw new OperationException("nodes \"" + node + "\" not found (HTTP 404)");
        }
        return n;
    }

    private static NodeView view(String name, NodeState n) {
        boolean poweredOff = "true".equals(n.annotations.get(NodeSnapshot.POWERED_OFF))
                && !n.annotations.containsKey(NodeSnapshot.POWER_ON_FAILED);
        return new NodeView(name, n.ready, n.unschedulable, poweredOff, n.annotations);
    }
}
