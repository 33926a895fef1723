package io.escheduler.simulator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run measured, gathered while it runs: the cluster's power (energy, peak, a time series), pods' pending times,
 * evictions, power cycles, throttled and capped time, CPU work lost to lower speed, the policies' actions, program
 * runs (for placement), and the accounting of every arriving pod.
 */
public final class Metrics {

    /** One point of the time series: the mean cluster power over the step before {@code atMillis}. */
    public record Sample(long atMillis, double watts, int nodesOn, int pending, int throttled) {
    }

    /** One finished run of a program: where, how long, its share of its node's energy, its node's peak power. */
    public record ProgramRun(String program, String system, String node, long millis, double joules, double peakWatts) {
    }

    /** Where every pod that arrived ended up; the four add up to {@code arrived}. */
    public record Accounting(long arrived, long completed, long running, long pending, long lost) {
    }

    private final Simulation sim;
    private final long sampleMillis;
    long arrived;
    long completed;
    long lost;
    long evictions;
    long restoredOnBind;
    private long[] pendingTimes = new long[1024];
    private int pendingCount;
    private double clusterWatts;
    private double peakWatts;
    private final List<Sample> samples = new ArrayList<>();
    private double lastSampleJoules;
    private final Map<String, Map<String, Map<String, Integer>>> actions = new TreeMap<>();
    private final List<ProgramRun> runs = new ArrayList<>();
    /** program → system → highest peak watts of its runs there (the analyzer's placement input). */
    private final Map<String, Map<String, Double>> peaks = new HashMap<>();
    private Map<String, Double> unranked;
    private Accounting accounting;
    private long lastCycle;

    Metrics(Simulation sim, long sampleMillis) {
        this.sim = sim;
        this.sampleMillis = sampleMillis;
        for (SimNode n : sim.nodes()) {
            clusterWatts += n.watts;
        }
    }

    void powerChanged(double delta) {
        clusterWatts += delta;
    }

    /** Called whenever simulated time is about to move on: the power reached at this instant counts for the peak. */
    void instant(long now) {
        peakWatts = Math.max(peakWatts, clusterWatts);
    }

    void pendingTime(long millis) {
        if (pendingCount == pendingTimes.length) {
            pendingTimes = Arrays.copyOf(pendingTimes, pendingCount * 2);
        }
        pendingTimes[pendingCount++] = millis;
    }

    void action(String policy, String kind, String outcome) {
        actions.computeIfAbsent(policy, p -> new TreeMap<>()).computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }

    double factor(String program, SimNode node) {
        return program == null ? 1 : sim.workloadPrograms().factor(program, node.labels.get(Simulation.SYSTEM_LABEL));
    }

    void programRun(SimPod pod, long now) {
        SimNode node = pod.node;
        node.advance(now);
        double share = (double) pod.spec.cpuRequestMillis() / node.type.cpuMillis();
        String system = node.labels.get(Simulation.SYSTEM_LABEL);
        runs.add(new ProgramRun(pod.spec.program(), system, node.name, now - pod.boundAt, (node.joules - pod.energyAtBind) * share, pod.peakWatts));
        peaks.computeIfAbsent(pod.spec.program(), p -> new HashMap<>()).merge(system, pod.peakWatts, Math::max);
    }

    /**
     * The analyzer's placement ranking for {@code program}: every system, scored by the highest peak power of the
     * program's runs there, 0 W where it never ran (seed 1).
     */
    Map<String, Double> ranking(String program) {
        if (program == null) {
            return null;
        }
        if (unranked == null) {
            unranked = new HashMap<>();
            for (SimNode n : sim.nodes()) {
                unranked.put(n.labels.get(Simulation.SYSTEM_LABEL), 0.0);
            }
        }
        Map<String, Double> out = new HashMap<>(unranked);
        out.putAll(peaks.getOrDefault(program, Map.of()));
        return out;
    }

    void sample(long now) {
        if (!samples.isEmpty() && samples.get(samples.size() - 1).atMillis() >= now) {
            return;
        }
        double joules = 0;
        int on = 0;
        int throttled = 0;
        for (SimNode n : sim.nodes()) {
            n.advance(now);
            joules += n.joules;
            if (n.power == SimNode.Power.ON || n.power == SimNode.Power.BOOTING) {
                on++;
            }
            if (n.power == SimNode.Power.ON && n.throttled()) {
                throttled++;
            }
        }
        long step = samples.isEmpty() ? now : now - samples.get(samples.size() - 1).atMillis();
        samples.add(new Sample(now, (joules - lastSampleJoules) / (step / 1000.0), on, sim.pending().size(), throttled));
        lastSampleJoules = joules;
    }

    /** Closes the policy cycle's metering window of every node (utilisation and power since the previous cycle). */
    void beforeCycle(long now) {
        for (SimNode n : sim.nodes()) {
            n.advance(now);
            long dt = now - lastCycle;
            double util = dt > 0 ? n.busyIntegral / dt : 0;
            double watts = dt > 0 ? n.wattsIntegral / dt : n.watts;
            n.lastUtilisation = util;
            n.lastWatts = watts;
            n.busyIntegral = 0;
            n.wattsIntegral = 0;
            if (n.power == SimNode.Power.ON) {
                n.utilisationWindow.addLast(new double[]{now, util});
            } else {
                n.utilisationWindow.clear();
            }
            while (n.utilisationWindow.size() > 0 && n.utilisationWindow.peekFirst()[0] < now - 2 * 3_600_000L) {
                n.utilisationWindow.removeFirst();
            }
        }
        lastCycle = now;
    }

    /**
     * The node's highest per-cycle utilisation over the last {@code windowMillis}, or NaN when its utilisation is known
     * for less than half of that window (as the service reads it from Prometheus).
     */
    public static double peakUtilisation(SimNode node, long now, long windowMillis) {
        double peak = Double.NaN;
        double first = Double.NaN;
        // newest first, up to the window's start: samples are in time order
        for (java.util.Iterator<double[]> i = node.utilisationWindow.descendingIterator(); i.hasNext(); ) {
            double[] s = i.next();
            if (s[0] <= now - windowMillis) {
                break;
            }
            peak = Double.isNaN(peak) ? s[1] : Math.max(peak, s[1]);
            first = s[0];
        }
        if (Double.isNaN(first) || now - first < windowMillis / 2) {
            return Double.NaN;
        }
        return peak;
    }

    void finish(long end) {
        sample(end);
        long running = 0;
        long waiting = 0;
        for (SimPod pod : sim.currentPods().values()) {
            if (pod.phase == SimPod.Phase.RUNNING) {
                running++;
            } else if (pod.phase == SimPod.Phase.PENDING) {
                waiting++;
                pendingTime(end - pod.createdAt);
            }
        }
        accounting = new Accounting(arrived, completed, running, waiting, lost);
    }

    // ---- results

    public Accounting accounting() {
        return accounting;
    }

    public double energyJoules() {
        double j = 0;
        for (SimNode n : sim.nodes()) {
            j += n.joules;
        }
        return j;
    }

    public double peakWatts() {
        return peakWatts;
    }

    /** Pending times of every pod incarnation (the bound ones, those finished while pending, those still pending at the end), sorted. */
    public long[] pendingTimes() {
        long[] out = Arrays.copyOf(pendingTimes, pendingCount);
        Arrays.sort(out);
        return out;
    }

    public long evictions() {
        return evictions;
    }

    public long restoredOnBind() {
        return restoredOnBind;
    }

    public long powerOffs() {
        long n = 0;
        for (SimNode node : sim.nodes()) {
            n += node.powerOffs;
        }
        return n;
    }

    public double throttledNodeHours() {
        return sim.nodes().stream().mapToDouble(n -> n.throttledMs).sum() / 3_600_000.0;
    }

    public double cappedNodeHours() {
        return sim.nodes().stream().mapToDouble(n -> n.cappedMs).sum() / 3_600_000.0;
    }

    public double lostCpuSeconds() {
        return sim.nodes().stream().mapToDouble(n -> n.lostCpuMs).sum() / 1000.0;
    }

    /** Busy CPU time over all the cluster's CPU time (every node, on or off). */
    public double cpuUtilisation() {
        double busy = 0;
        double total = 0;
        for (SimNode n : sim.nodes()) {
            double cores = n.type.cpuMillis() / 1000.0;
            busy += n.busyTotal * cores;
            total += sim.end() * cores;
        }
        return total == 0 ? 0 : busy / total;
    }

    public List<Sample> samples() {
        return samples;
    }

    public long sampleMillis() {
        return sampleMillis;
    }

    /** policy → action kind → outcome → count. */
    public Map<String, Map<String, Map<String, Integer>>> actions() {
        return actions;
    }

    public List<ProgramRun> programRuns() {
        return runs;
    }
}
