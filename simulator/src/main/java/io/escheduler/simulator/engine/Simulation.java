package io.escheduler.simulator.engine;

import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.schedule.Scheduler;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

/**
 * The simulated cluster in simulated time (ms since the start): an event queue of pod arrivals, completions and
 * deletions, nodes booting and shutting down, changes of CPU use, policy cycles and report samples. Between two events
 * every node's power is constant, so its energy is power × time exactly ({@link SimNode#advance}).
 *
 * <p>Every arriving pod ({@link PodSpec}) is accounted for exactly once at the end ({@link Accounting}): completed
 * (a Job's pod finished, or a service's lifetime ended), running, pending, or lost (evicted with no controller to
 * recreate it). An evicted pod with a controller continues as its next incarnation.
 *
 * <p>The operations the executor uses ({@link #cordon}, {@link #evict}, {@link #powerOff}, …) act at once in simulated
 * time; a node powering on is Ready after its boot time, one powering off is off after its shutdown time.
 */
public final class Simulation {

    /** The label that names a node's computing system (the extender's and the analyzer's default). */
    public static final String SYSTEM_LABEL = "energy.escheduler.io/system";

    private final ClusterSpec cluster;
    private final Workload workload;
    private final RunConfig config;
    private final PolicyHook hook;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<String, SimNode> byName = new HashMap<>();
    private final Scheduler scheduler;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;
    private long now;
    private final long end;

    private final LinkedHashSet<SimPod> pending = new LinkedHashSet<>();
    private final Map<String, SimPod> current = new HashMap<>();
    /** Pods that exist now (pending or running), by {@code namespace/name} of the incarnation. */
    private final Map<String, SimPod> byKey = new HashMap<>();
    private final Map<String, int[]> budgetCounts = new HashMap<>();
    private final Map<String, Budget> budgets = new TreeMap<>();
    private boolean retryQueued;
    private long usageTickAt = Long.MAX_VALUE;
    private final List<SimPod> variableUsage = new ArrayList<>();

    final Metrics metrics;

    public Simulation(ClusterSpec cluster, Workload workload, RunConfig config, PolicyHook hook) {
        this.cluster = cluster;
        this.workload = workload;
        this.config = config;
        this.hook = hook;
        this.end = config.endMillis();
        for (NodeType type : cluster.nodeTypes()) {
            for (int i = 1; i <= type.count(); i++) {
                boolean controlPlane = i <= type.controlPlane();
                Map<String, String> labels = new LinkedHashMap<>(type.labels());
                labels.putIfAbsent(SYSTEM_LABEL, type.name());
                labels.put("kubernetes.io/hostname", nodeName(type, i));
                if (controlPlane) {
                    labels.put("node-role.kubernetes.io/control-plane", "");
                }
                SimNode node = new SimNode(nodeName(type, i), type, controlPlane, Collections.unmodifiableMap(labels));
                node.settle();
                nodes.add(node);
                byName.put(node.name, node);
            }
        }
        nodes.sort((a, b) -> a.name.compareTo(b.name));
        this.scheduler = new Scheduler(Collections.unmodifiableList(nodes), cluster.scoring(), config.placement(), config.seed(),
                SYSTEM_LABEL);
        this.metrics = new Metrics(this, config.sampleMillis());
    }

    private static String nodeName(NodeType type, int i) {
        return String.format("%s-%03d", type.name(), i);
    }

    /** Runs to the end; {@code progress} hears the fraction done now and then. */
    public Metrics run(DoubleConsumer progress) {
        // the workload's own events, known from the start, sorted once; the queue holds only what the run adds
        List<Event> known = new ArrayList<>();
        for (PodSpec spec : workload.pods()) {
            if (spec.arrivalMillis() < end) {
                known.add(new Event(spec.arrivalMillis(), seq++, Event.Kind.ARRIVAL, spec, null, null, 0));
                if (!spec.owner().batch() && spec.durationMillis() > 0) {
                    known.add(new Event(spec.arrivalMillis() + spec.durationMillis(), seq++, Event.Kind.LIFETIME_END, spec, null, null, 0));
                }
            }
        }
        known.sort(null);
        int nextKnown = 0;
        if (hook.intervalMillis() > 0) {
            push(hook.intervalMillis(), Event.Kind.POLICY_CYCLE, null, null, 0);
        }
        push(config.sampleMillis(), Event.Kind.SAMPLE, null, null, 0);
        long reported = -1;
        while (true) {
            Event queued = queue.peek();
            Event e;
            if (nextKnown < known.size() && (queued == null || known.get(nextKnown).compareTo(queued) < 0)) {
                e = known.get(nextKnown);
                if (e.at > end) {
                    break;
                }
                known.set(nextKnown++, null);
            } else if (queued != null && queued.at <= end) {
                e = queue.poll();
            } else {
                break;
            }
            if (e.at > now) {
                metrics.instant(now);
                now = e.at;
            }
            handle(e);
            long step = now * 100 / Math.max(1, end);
            if (step != reported) {
                reported = step;
                progress.accept((double) now / end);
            }
        }
        metrics.instant(now);
        now = end;
        for (SimNode node : nodes) {
            node.advance(end);
        }
        metrics.finish(end);
        progress.accept(1);
        return metrics;
    }

    private void handle(Event e) {
        switch (e.kind) {
            case ARRIVAL -> arrive(e.spec);
            case COMPLETE -> {
                if (e.pod.version == e.version && e.pod.phase == SimPod.Phase.RUNNING) {
                    finish(e.pod, SimPod.Phase.SUCCEEDED);
                }
            }
            case LIFETIME_END -> {
                SimPod pod = current.get(e.spec.key());
                if (pod != null) {
                    finish(pod, SimPod.Phase.DELETED);
                }
            }
            case NODE_READY -> {
                if (e.node.power == SimNode.Power.BOOTING && e.version == e.node.powerOffs) {
                    change(e.node, () -> e.node.power = SimNode.Power.ON);
                    capacityFreed();
                }
            }
            case NODE_OFF -> {
                if (e.node.power == SimNode.Power.SHUTTING_DOWN) {
                    change(e.node, () -> e.node.power = SimNode.Power.OFF);
                    if (e.node.bootAfterShutdown) {
                        e.node.bootAfterShutdown = false;
                        boot(e.node);
                    }
                }
            }
            case USAGE_TICK -> usageTick();
            case RETRY -> {
                retryQueued = false;
                retryPending();
            }
            case POLICY_CYCLE -> {
                metrics.beforeCycle(now);
                hook.cycle(this, now);
                push(now + hook.intervalMillis(), Event.Kind.POLICY_CYCLE, null, null, 0);
            }
            case SAMPLE -> {
                metrics.sample(now);
                push(now + config.sampleMillis(), Event.Kind.SAMPLE, null, null, 0);
            }
        }
    }

    // ---- pods

    private void arrive(PodSpec spec) {
        metrics.arrived++;
        if (spec.budget() != null) {
            budgets.putIfAbsent(spec.budget().key(), spec.budget());
            budgetCounts.computeIfAbsent(spec.budget().key(), k -> new int[2])[0]++;
        }
        create(spec, 1);
    }

    private void create(PodSpec spec, int incarnation) {
        SimPod pod = new SimPod(spec, incarnation, now);
        current.put(spec.key(), pod);
        byKey.put(pod.key(), pod);
        if (!trySchedule(pod)) {
            pending.add(pod);
        }
    }

    private boolean trySchedule(SimPod pod) {
        Scheduler.Decision d = scheduler.place(pod.spec, metrics::ranking);
        if (d.node() == null) {
            if (!d.message().equals(pod.unschedulable)) {
                pod.revision++;
            }
            pod.unschedulable = d.message();
            pod.insufficientResources = d.insufficientResources();
            return false;
        }
        if (pod.spec.energyScheduler() && d.node().throttled()) {
            // the extender's bind restores a throttled node before binding
            restore(d.node());
            metrics.restoredOnBind++;
        }
        bind(pod, d.node());
        return true;
    }

    private void bind(SimPod pod, SimNode node) {
        pending.remove(pod);
        pod.unschedulable = null;
        pod.revision++;
        metrics.pendingTime(now - pod.createdAt);
        change(node, () -> {
            pod.node = node;
            pod.phase = SimPod.Phase.RUNNING;
            pod.boundAt = now;
            pod.progressAt = now;
            pod.millicores = pod.usage.millicores(now);
            node.addPod(pod);
            node.cpuAllocated += pod.spec.cpuRequestMillis();
            node.memoryAllocated += pod.spec.memoryRequestMiB();
            if (pod.spec.owner() != Owner.DAEMON_SET) {
                node.workloadPods++;
            }
            node.demandMillis += pod.millicores;
            node.factorMillis += pod.millicores * metrics.factor(pod.spec.program(), node);
        });
        pod.energyAtBind = node.joules;
        pod.peakWatts = node.watts;
        if (pod.spec.budget() != null) {
            budgetCounts.get(pod.spec.budget().key())[1]++;
        }
        if (pod.spec.owner().batch()) {
            scheduleCompletion(pod);
        }
        long next = pod.usage.nextChange(now);
        if (next != Long.MAX_VALUE) {
            variableUsage.add(pod);
            if (next < usageTickAt) {
                usageTickAt = next;
                push(next, Event.Kind.USAGE_TICK, null, null, 0);
            }
        }
    }

    /** Unbinds {@code pod} from its node and ends this incarnation as {@code phase}. */
    private void unbind(SimPod pod, SimPod.Phase phase) {
        SimNode node = pod.node;
        if (node != null) {
            change(node, () -> {
                node.removePod(pod);
                node.cpuAllocated -= pod.spec.cpuRequestMillis();
                node.memoryAllocated -= pod.spec.memoryRequestMiB();
                if (pod.spec.owner() != Owner.DAEMON_SET) {
                    node.workloadPods--;
                }
                node.demandMillis -= pod.millicores;
                node.factorMillis -= pod.millicores * metrics.factor(pod.spec.program(), node);
                if (node.pods.isEmpty()) {
                    node.demandMillis = 0;
                    node.factorMillis = 0;
                }
            });
            if (pod.spec.budget() != null) {
                budgetCounts.get(pod.spec.budget().key())[1]--;
            }
            capacityFreed();
        }
        pending.remove(pod);
        byKey.remove(pod.key());
        pod.revision++;
        pod.phase = phase;
        pod.version++;
    }

    private void finish(SimPod pod, SimPod.Phase phase) {
        if (pod.phase == SimPod.Phase.RUNNING && pod.spec.program() != null) {
            metrics.programRun(pod, now);
        }
        if (pod.phase == SimPod.Phase.PENDING) {
            metrics.pendingTime(now - pod.createdAt);
        }
        unbind(pod, phase);
        current.remove(pod.spec.key());
        if (pod.spec.budget() != null) {
            budgetCounts.get(pod.spec.budget().key())[0]--;
        }
        metrics.completed++;
    }

    private void scheduleCompletion(SimPod pod) {
        double s = pod.node.slowdown();
        double left = pod.spec.durationMillis() - pod.progressed;
        long at = s <= 0 ? Long.MAX_VALUE : now + (long) Math.ceil(Math.max(0, left) / s);
        pod.version++;
        if (at != Long.MAX_VALUE) {
            push(at, Event.Kind.COMPLETE, null, pod, pod.version);
        }
    }

    private void usageTick() {
        if (now < usageTickAt) {
            return;
        }
        long next = Long.MAX_VALUE;
        // each node's change of demand, summed in the order its pods come, applied in the order the nodes were touched
        List<SimNode> touched = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < variableUsage.size(); i++) {
            SimPod pod = variableUsage.get(i);
            if (pod.phase != SimPod.Phase.RUNNING) {
                continue;
            }
            variableUsage.set(kept++, pod);
            double use = pod.usage.millicores(now);
            if (use != pod.millicores) {
                SimNode node = pod.node;
                if (!node.tickTouched) {
                    node.tickTouched = true;
                    node.tickDemand = 0;
                    node.tickFactor = 0;
                    touched.add(node);
                }
                node.tickDemand += use - pod.millicores;
                node.tickFactor += (use - pod.millicores) * metrics.factor(pod.spec.program(), node);
                pod.millicores = use;
            }
            next = Math.min(next, pod.usage.nextChange(now));
        }
        variableUsage.subList(kept, variableUsage.size()).clear();
        for (SimNode node : touched) {
            node.tickTouched = false;
            change(node, () -> {
                node.demandMillis += node.tickDemand;
                node.factorMillis += node.tickFactor;
            });
        }
        usageTickAt = next;
        if (next != Long.MAX_VALUE) {
            push(next, Event.Kind.USAGE_TICK, null, null, 0);
        }
    }

    private void capacityFreed() {
        if (!retryQueued && !pending.isEmpty()) {
            retryQueued = true;
            push(now, Event.Kind.RETRY, null, null, 0);
        }
    }

    private void retryPending() {
        long maxCpu = 0;
        long maxMemory = 0;
        for (SimNode n : nodes) {
            if (n.ready() && !n.unschedulable && n.freeSlots() > 0) {
                maxCpu = Math.max(maxCpu, n.freeCpu());
                maxMemory = Math.max(maxMemory, n.freeMemory());
            }
        }
        // a plain pod (no selector, no toleration) that fits nowhere makes every plain pod at least as large fit nowhere
        // in this pass: it keeps its message from its last try
        List<long[]> failed = new ArrayList<>();
        for (SimPod pod : new ArrayList<>(pending)) {
            long cpu = pod.spec.cpuRequestMillis();
            long memory = pod.spec.memoryRequestMiB();
            if (cpu > maxCpu || memory > maxMemory) {
                continue;
            }
            boolean plain = pod.spec.nodeSelector().isEmpty() && pod.spec.tolerations().isEmpty();
            if (plain && covered(failed, cpu, memory)) {
                continue;
            }
            if (!trySchedule(pod) && plain) {
                failed.add(new long[]{cpu, memory});
            }
        }
    }

    /** Whether a plain pod of {@code failed} (cpu, memory) was no larger than {@code cpu} and {@code memory}. */
    private static boolean covered(List<long[]> failed, long cpu, long memory) {
        for (long[] f : failed) {
            if (cpu >= f[0] && memory >= f[1]) {
                return true;
            }
        }
        return false;
    }

    // ---- node changes

    /** Applies {@code change} to {@code node} with its meters, its Job pods' progress and the cluster's power kept right. */
    private void change(SimNode node, Runnable change) {
        node.advance(now);
        double before = node.slowdown();
        // only Jobs' pods and program runs follow a change (their progress, their node's peak power)
        for (int i = 0; node.followedPods > 0 && i < node.pods.size(); i++) {
            SimPod pod = node.pods.get(i);
            if (pod.spec.owner().batch()) {
                pod.progressed += (now - pod.progressAt) * before;
                pod.progressAt = now;
            }
        }
        double watts = node.watts;
        change.run();
        node.settle();
        metrics.powerChanged(node.watts - watts);
        double after = node.slowdown();
        for (int i = 0; node.followedPods > 0 && i < node.pods.size(); i++) {
            SimPod pod = node.pods.get(i);
            if (pod.spec.program() != null) {
                pod.peakWatts = Math.max(pod.peakWatts, node.watts);
            }
            if (after != before && pod.spec.owner().batch() && pod.phase == SimPod.Phase.RUNNING) {
                scheduleCompletion(pod);
            }
        }
    }

    private void restore(SimNode node) {
        change(node, () -> {
            node.ceilingKhz = node.type.power().maxKhz();
            node.limitWatts = 0;
        });
    }

    private void boot(SimNode node) {
        change(node, () -> node.power = SimNode.Power.BOOTING);
        push(now + Math.round(node.type.power().bootSeconds() * 1000), Event.Kind.NODE_READY, null, node, node.powerOffs);
    }

    // ---- operations of the executor (a cluster that answers at once, in simulated time)

    public long now() {
        return now;
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public SimNode node(String name) {
        return byName.get(name);
    }

    /** Pods not bound to a node, in creation order. */
    public List<SimPod> pending() {
        return List.copyOf(pending);
    }

    public Map<String, Budget> budgets() {
        return Collections.unmodifiableMap(budgets);
    }

    /** Disruptions {@code budget} allows now. */
    public int disruptionsAllowed(Budget budget) {
        int[] c = budgetCounts.getOrDefault(budget.key(), new int[2]);
        return budget.allowed(c[1], c[0]);
    }

    /** Cordons {@code node} ({@code spec.unschedulable}) with {@code annotations} set on it in the same change. */
    public void cordon(SimNode node, Map<String, String> annotations) {
        node.unschedulable = true;
        node.annotations.putAll(annotations);
        node.annotationsVersion++;
    }

    public void cordon(SimNode node, String by) {
        cordon(node, Map.of());
        node.cordonedBy = by;
    }

    /** Uncordons {@code node} with {@code annotations} removed in the same change. */
    public void uncordon(SimNode node, java.util.Collection<String> annotations) {
        annotations.forEach(node.annotations::remove);
        node.annotationsVersion++;
        if (node.unschedulable) {
            node.unschedulable = false;
            node.cordonedBy = null;
            capacityFreed();
        }
    }

    public void uncordon(SimNode node) {
        uncordon(node, List.of());
    }

    /** Sets and removes annotations of {@code node}. */
    public void annotate(SimNode node, Map<String, String> set, java.util.Collection<String> remove) {
        remove.forEach(node.annotations::remove);
        node.annotations.putAll(set);
        node.annotationsVersion++;
    }

    /** The pod {@code namespace/name} (an incarnation's own name), or null when it no longer exists. */
    public SimPod pod(String namespace, String name) {
        return byKey.get(namespace + "/" + name);
    }

    /** The Eviction API: evicts {@code pod} unless its budget allows no disruption now (HTTP 429: false). */
    public boolean evict(SimPod pod) {
        if (pod.phase != SimPod.Phase.RUNNING) {
            return true;
        }
        if (pod.spec.budget() != null && disruptionsAllowed(pod.spec.budget()) <= 0) {
            return false;
        }
        metrics.evictions++;
        if (pod.spec.owner() == Owner.NONE) {
            metrics.lost++;
            finish(pod, SimPod.Phase.EVICTED);
            metrics.completed--;
            return true;
        }
        unbind(pod, SimPod.Phase.EVICTED);
        create(pod.spec, pod.incarnation + 1);
        return true;
    }

    /** Switches {@code node} off: it shuts down (active idle) for its shutdown time, then draws its standby power. */
    public void powerOff(SimNode node) {
        if (node.power == SimNode.Power.OFF || node.power == SimNode.Power.SHUTTING_DOWN) {
            return;
        }
        for (SimPod pod : new ArrayList<>(node.pods)) {
            // whatever still runs dies with the node; controllers recreate it elsewhere
            unbind(pod, SimPod.Phase.EVICTED);
            create(pod.spec, pod.incarnation + 1);
        }
        node.powerOffs++;
        change(node, () -> node.power = SimNode.Power.SHUTTING_DOWN);
        push(now + Math.round(node.type.power().shutdownSeconds() * 1000), Event.Kind.NODE_OFF, null, node, 0);
    }

    /** Switches {@code node} on: it boots (boot energy over boot time) and is Ready after its boot time. */
    public void powerOn(SimNode node) {
        if (node.power == SimNode.Power.OFF) {
            boot(node);
        } else if (node.power == SimNode.Power.SHUTTING_DOWN) {
            node.bootAfterShutdown = true;
        }
    }

    public void setCeiling(SimNode node, long khz) {
        change(node, () -> node.ceilingKhz = Math.max(node.type.power().minKhz(), Math.min(node.type.power().maxKhz(), khz)));
    }

    public void restoreCeiling(SimNode node) {
        change(node, () -> node.ceilingKhz = node.type.power().maxKhz());
    }

    public void setPowerLimit(SimNode node, double watts) {
        change(node, () -> node.limitWatts = Math.min(watts, node.type.power().tdpWatts()));
    }

    public void liftPowerLimit(SimNode node) {
        change(node, () -> node.limitWatts = 0);
    }

    /** Records one action a policy took (the report's per-policy breakdown). */
    public void recordAction(String policy, String kind, String outcome) {
        metrics.action(policy, kind, outcome);
    }

    io.escheduler.simulator.workload.Programs workloadPrograms() {
        return workload.programs();
    }

    public Metrics metrics() {
        return metrics;
    }

    public ClusterSpec cluster() {
        return cluster;
    }

    public RunConfig config() {
        return config;
    }

    long end() {
        return end;
    }

    Map<String, SimPod> currentPods() {
        return current;
    }

    private void push(long at, Event.Kind kind, PodSpec spec, Object target, int version) {
        queue.add(new Event(at, seq++, kind, spec, target instanceof SimPod p ? p : null, target instanceof SimNode n ? n : null, version));
    }

    /** One thing that happens at a simulated instant; ties go in the order they were queued. */
    private record Event(long at, long seq, Kind kind, PodSpec spec, SimPod pod, SimNode node, int version) implements Comparable<Event> {

        enum Kind { ARRIVAL, COMPLETE, LIFETIME_END, NODE_READY, NODE_OFF, USAGE_TICK, RETRY, POLICY_CYCLE, SAMPLE }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

}
