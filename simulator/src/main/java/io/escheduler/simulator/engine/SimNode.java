package io.escheduler.simulator.engine;

import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.cluster.Taint;
import io.escheduler.simulator.power.PowerModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of the simulated cluster: its power state, what the executor marked on its Node (cordon, powered-off), its
 * CPU ceiling and power limit, the pods bound to it, and the meters that integrate its power and load over time.
 * Changes go through {@link Simulation}, which brings the meters up to date first ({@link #advance}).
 */
public final class SimNode {

    public enum Power { ON, BOOTING, SHUTTING_DOWN, OFF }

    final String name;
    final NodeType type;
    final boolean controlPlane;
    final Map<String, String> labels;
    Power power = Power.ON;
    /** The Node's annotations (the executor's marks: cordoned-by, powered-off, powered-on-at, …). */
    final java.util.TreeMap<String, String> annotations = new java.util.TreeMap<>();
    boolean unschedulable;
    /** The policy whose cordon this is, or null when not cordoned by the executor. */
    String cordonedBy;
    long ceilingKhz;
    double limitWatts;
    final List<SimPod> pods = new ArrayList<>();
    long cpuAllocated;
    long memoryAllocated;
    int workloadPods;
    /** Since when the node has been on with no workload, for the sampler; -1 when it has some. */
    double demandMillis;
    double factorMillis;

    // current state, constant until the next change
    double watts;
    double speed = 1;
    double busy;
    double served;

    // meters
    long meteredAt;
    double joules;
    double lostCpuMs;
    double throttledMs;
    double cappedMs;
    int powerOffs;
    // since the last policy cycle
    double busyIntegral;
    double lastUtilisation;
    double lastWatts;
    double busyTotal;
    double onMs;
    double wattsIntegral;
    long cycleStart;
    final java.util.ArrayDeque<double[]> utilisationWindow = new java.util.ArrayDeque<>();
    boolean bootAfterShutdown;
    /** A usage tick's change of this node's demand, gathered before it is applied. */
    boolean tickTouched;
    double tickDemand;
    double tickFactor;

    SimNode(String name, NodeType type, boolean controlPlane, Map<String, String> labels) {
        this.name = name;
        this.type = type;
        this.controlPlane = controlPlane;
        this.labels = labels;
        this.ceilingKhz = type.power().maxKhz();
    }

    public String name() {
        return name;
    }

    public NodeType type() {
        return type;
    }

    public PowerModel model() {
        return type.power();
    }

    public Power power() {
        return power;
    }

    public boolean ready() {
        return power == Power.ON;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    public boolean controlPlane() {
        return controlPlane;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<SimPod> pods() {
        return pods;
    }

    public long freeCpu() {
        return type.cpuMillis() - cpuAllocated;
    }

    public long freeMemory() {
        return type.memoryMiB() - memoryAllocated;
    }

    public int freeSlots() {
        return type.maxPods() - pods.size();
    }

    public boolean cpufreqLowered() {
        return ceilingKhz < type.power().maxKhz();
    }

    public boolean capped() {
        return limitWatts > 0;
    }

    public boolean throttled() {
        return cpufreqLowered() || capped();
    }

    public long ceilingKhz() {
        return ceilingKhz;
    }

    public double limitWatts() {
        return limitWatts;
    }

    /** Annotated {@code energy.escheduler.io/powered-off: "true"} and not {@code power-on-failed}. */
    public boolean poweredOffMark() {
        return "true".equals(annotations.get("energy.escheduler.io/powered-off")) && !annotations.containsKey("energy.escheduler.io/power-on-failed");
    }

    public Map<String, String> annotations() {
        return java.util.Collections.unmodifiableMap(annotations);
    }

    public double watts() {
        return watts;
    }

    /** CPU utilisation (busy fraction) over the last policy cycle, as the exporter's cpu_seconds_total gives it. */
    public double utilisation() {
        return lastUtilisation;
    }

    /** RAPL power over the last policy cycle, as the exporter reports it (packages and DRAM). */
    public double raplWatts() {
        return type.power().raplWatts(lastWatts);
    }

    /** Whether it runs pods other than DaemonSet pods. */
    public boolean hasWorkload() {
        return workloadPods > 0;
    }

    private static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", "", "NoSchedule");
    private static final Taint UNSCHEDULABLE = new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");
    private List<Taint> taints;
    private Power taintsPower;
    private boolean taintsCordoned;

    /** The taints the node has now: its own, plus the ones Kubernetes adds while it is not Ready or cordoned. */
    public List<Taint> taints() {
        if (taints == null || taintsPower != power || taintsCordoned != unschedulable) {
            List<Taint> out = new ArrayList<>(type.taints());
            if (power != Power.ON) {
                out.add(UNREACHABLE);
            }
            if (unschedulable) {
                out.add(UNSCHEDULABLE);
            }
            taints = List.copyOf(out);
            taintsPower = power;
            taintsCordoned = unschedulable;
        }
        return taints;
    }

    /** Bumped whenever a pod is added or removed: a policy snapshot reuses its view of the pods while it stays. */
    int podsVersion;
    /** Bumped whenever the annotations change. */
    int annotationsVersion;

    public int podsVersion() {
        return podsVersion;
    }

    public int annotationsVersion() {
        return annotationsVersion;
    }

    /** Pods whose progress or power a change of the node must follow: Jobs' pods and program runs. */
    int followedPods;

    private static boolean followed(SimPod pod) {
        return pod.spec.owner().batch() || pod.spec.program() != null;
    }

    void removePod(SimPod pod) {
        pods.remove(pod);
        podsVersion++;
        if (followed(pod)) {
            followedPods--;
        }
    }

    /** Adds {@code pod} keeping the pods in {@code namespace/name} order (the order a snapshot lists them in). */
    void addPod(SimPod pod) {
        podsVersion++;
        if (followed(pod)) {
            followedPods++;
        }
        int lo = 0;
        int hi = pods.size();
        String key = pod.key();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            SimPod m = pods.get(mid);
            int c = m.spec.namespace().compareTo(pod.spec.namespace());
            if (c == 0) {
                c = m.name.compareTo(pod.name);
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        pods.add(lo, pod);
    }

    /** Brings the meters to {@code now} at the current (constant) state. */
    void advance(long now) {
        long dt = now - meteredAt;
        if (dt <= 0) {
            return;
        }
        joules += watts * dt / 1000.0;
        if (power == Power.ON) {
            double cores = type.cpuMillis() / 1000.0;
            double demand = demandFraction();
            lostCpuMs += (Math.min(demand, 1) - Math.min(demand, speed)) * cores * dt;
            if (cpufreqLowered()) {
                throttledMs += dt;
            }
            if (capped()) {
                cappedMs += dt;
            }
            busyIntegral += busy * dt;
            busyTotal += busy * dt;
            onMs += dt;
        }
        wattsIntegral += watts * dt;
        meteredAt = now;
    }

    double demandFraction() {
        return demandMillis / type.cpuMillis();
    }

    /** Recomputes speed, load and power from the current pods and controls (after {@link #advance}). */
    void settle() {
        PowerModel m = type.power();
        switch (power) {
            case OFF -> {
                watts = m.offWatts();
                speed = 1;
                busy = 0;
                served = 0;
            }
            case BOOTING -> {
                watts = m.bootWatts();
                busy = 0;
                served = 0;
            }
            case SHUTTING_DOWN -> {
                watts = m.curve().idleWatts();
                busy = 0;
                served = 0;
            }
            case ON -> {
                double d = demandFraction();
                speed = m.speed(d, m.ratio(ceilingKhz), limitWatts);
                busy = PowerModel.busy(d, speed);
                served = PowerModel.served(d, speed);
                double idle = m.curve().idleWatts();
                double dynamic = (m.curve().watts(busy) - idle) * Math.pow(speed, m.gamma());
                double factor = demandMillis > 0 ? factorMillis / demandMillis : 1;
                watts = idle + dynamic * factor;
            }
        }
    }

    /** The fraction of its demand a pod here gets served: 1 unless the node is overloaded or slowed below the demand. */
    double slowdown() {
        double d = demandFraction();
        return d <= 0 ? 1 : Math.min(1, served / d);
    }
}
