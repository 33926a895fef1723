package io.escheduler.simulator.schedule;

import io.escheduler.simulator.cluster.Scoring;
import io.escheduler.simulator.cluster.Taint;
import io.escheduler.simulator.engine.SimNode;
import io.escheduler.simulator.workload.PodSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * kube-scheduler's filter and score, as far as power decisions depend on them (docs/simulator.md, "Scheduler"):
 * <ol>
 * <li>filters in kube-scheduler's order, the first that fails names the node's reason: NodeUnschedulable
 *     ({@code node(s) were unschedulable}), TaintToleration ({@code node(s) had untolerated taint {key: value}}),
 *     NodeAffinity ({@code node(s) didn't match Pod's node affinity/selector}), NodeResourcesFit
 *     ({@code Insufficient cpu}, {@code Insufficient memory}, {@code Too many pods}, each that applies);</li>
 * <li>a pod no node takes gets kube-scheduler's {@code FitError} message: {@code 0/N nodes are available: } the reasons
 *     counted, {@code "<count> <reason>"} sorted and joined by {@code ", "}, then {@code ". preemption: …"};</li>
 * <li>like kube-scheduler, filtering stops once {@link #feasibleNodesToFind} feasible nodes are found, starting where
 *     the previous pod stopped;</li>
 * <li>NodeResourcesFit's score, {@code LeastAllocated} (default) or {@code MostAllocated}, the mean over cpu and memory
 *     of free (or used) share after placing the pod, 0..100; ties broken at random (seeded), as kube-scheduler does;</li>
 * <li>{@code energy-scheduler} pods also pass the extender ({@link ExtenderRules}), whose 0..10 score kube-scheduler
 *     weighs by the extender's {@code weight} (5) and scales to its 0..100 range.</li>
 * </ol>
 */
public final class Scheduler {

    /** The extender's {@code weight} in kubernetes/base/energy-scheduler. */
    public static final int EXTENDER_WEIGHT = 5;

    /** A decision: the node, or the message of the {@code PodScheduled=False} condition. */
    public record Decision(SimNode node, String message, boolean insufficientResources) {
    }

    private final List<SimNode> nodes;
    private final Scoring scoring;
    private final Placement placement;
    private final SplittableRandom random;
    private final List<SimNode> feasible = new ArrayList<>();
    /** The last pod's {@link #filter} result for each node it was filtered on, by the node's position. */
    private int[] codes = new int[0];
    private int nextStart;
    private final String systemLabel;

    public Scheduler(List<SimNode> nodes, Scoring scoring, Placement placement, long seed, String systemLabel) {
        this.nodes = nodes;
        this.scoring = scoring;
        this.placement = placement;
        this.random = new SplittableRandom(seed);
        this.systemLabel = systemLabel;
    }

    /** Where {@code pod} goes now; {@code ranking} gives a program's system → highest peak watts (null: none). */
    public Decision place(PodSpec pod, Function<String, Map<String, Double>> ranking) {
        int all = nodes.size();
        int wanted = feasibleNodesToFind(all);
        feasible.clear();
        if (codes.length != all) {
            codes = new int[all];
        }
        int start = nextStart;
        int processed = 0;
        for (; processed < all && feasible.size() < wanted; processed++) {
            int at = (start + processed) % all;
            SimNode node = nodes.get(at);
            int code = filter(pod, node);
            codes[at] = code;
            if (code == FITS) {
                feasible.add(node);
            }
        }
        nextStart = all == 0 ? 0 : (start + processed) % all;
        if (feasible.isEmpty()) {
            // no node fits: every node was filtered, and codes holds why
            return failure(pod);
        }
        List<SimNode> candidates = feasible;
        if (pod.energyScheduler()) {
            if (placement == Placement.RANDOM) {
                return new Decision(candidates.get(random.nextInt(candidates.size())), null, false);
            }
            if (placement == Placement.LOWEST_PEAK) {
                return new Decision(extender(pod, candidates, ranking.apply(pod.program())), null, false);
            }
        }
        return new Decision(best(pod, candidates, null), null, false);
    }

    /**
     * The FitError of a pod no node takes: every node's reasons ({@link #codes}, from the pass that found none) counted
     * (only done when it fits nowhere).
     */
    private Decision failure(PodSpec pod) {
        Map<String, Integer> reasons = new TreeMap<>();
        boolean insufficient = false;
        for (int i = 0; i < nodes.size(); i++) {
            SimNode node = nodes.get(i);
            int code = codes[i];
            switch (code) {
                case UNSCHEDULABLE -> reasons.merge("node(s) were unschedulable", 1, Integer::sum);
                case TAINT -> reasons.merge("node(s) had untolerated taint " + untolerated(pod, node).inMessage(), 1, Integer::sum);
                case AFFINITY -> reasons.merge("node(s) didn't match Pod's node affinity/selector", 1, Integer::sum);
                default -> {
                    insufficient = true;
                    if ((code & CPU) != 0) {
                        reasons.merge("Insufficient cpu", 1, Integer::sum);
                    }
                    if ((code & MEMORY) != 0) {
                        reasons.merge("Insufficient memory", 1, Integer::sum);
                    }
                    if ((code & PODS) != 0) {
                        reasons.merge("Too many pods", 1, Integer::sum);
                    }
                }
            }
        }
        return new Decision(null, message(reasons), insufficient);
    }

    /**
     * kube-scheduler's {@code numFeasibleNodesToFind} with the default {@code percentageOfNodesToScore} (adaptive): all
     * nodes below 100; else {@code 50 - nodes/125} percent (at least 5 %), at least 100 nodes. Filtering stops once that
     * many feasible nodes are found, and the next pod starts where this one stopped.
     */
    static int feasibleNodesToFind(int nodes) {
        if (nodes < 100) {
            return nodes;
        }
        int percent = Math.max(5, 50 - nodes / 125);
        return Math.max(100, nodes * percent / 100);
    }

    private SimNode extender(PodSpec pod, List<SimNode> feasible, Map<String, Double> ranking) {
        List<ExtenderRules.Candidate> candidates = new ArrayList<>(feasible.size());
        for (SimNode n : feasible) {
            candidates.add(new ExtenderRules.Candidate(n.name(), system(n), n.throttled()));
        }
        List<SimNode> kept = new ArrayList<>();
        List<ExtenderRules.Candidate> keptCandidates = new ArrayList<>();
        for (int i : ExtenderRules.filter(candidates)) {
            kept.add(feasible.get(i));
            keptCandidates.add(candidates.get(i));
        }
        int[] scores = ExtenderRules.scores(keptCandidates, ranking);
        return best(pod, kept, scores);
    }

    private String system(SimNode n) {
        String s = n.labels().get(systemLabel);
        return s == null || s.isBlank() ? n.name() : s;
    }

    private SimNode best(PodSpec pod, List<SimNode> feasible, int[] extenderScores) {
        SimNode best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int ties = 0;
        for (int i = 0; i < feasible.size(); i++) {
            SimNode n = feasible.get(i);
            double score = fitScore(pod, n) + (extenderScores == null ? 0 : extenderScores[i] * EXTENDER_WEIGHT * 10.0);
            if (score > bestScore) {
                best = n;
                bestScore = score;
                ties = 1;
            } else if (score == bestScore && random.nextInt(++ties) == 0) {
                best = n;
            }
        }
        return best;
    }

    private double fitScore(PodSpec pod, SimNode n) {
        double cpu = (double) (n.type().cpuMillis() - n.freeCpu() + pod.cpuRequestMillis()) / n.type().cpuMillis();
        double mem = (double) (n.type().memoryMiB() - n.freeMemory() + pod.memoryRequestMiB()) / n.type().memoryMiB();
        double used = (Math.min(1, cpu) + Math.min(1, mem)) / 2 * 100;
        return scoring == Scoring.MOST_ALLOCATED ? used : 100 - used;
    }

    /** {@link #filter}: the pod fits. */
    static final int FITS = 0;
    static final int CPU = 1;
    static final int MEMORY = 2;
    static final int PODS = 4;
    static final int UNSCHEDULABLE = 8;
    static final int TAINT = 16;
    static final int AFFINITY = 32;

    /**
     * The first failing filter for {@code pod} on {@code node}: {@link #UNSCHEDULABLE}, {@link #TAINT}, {@link #AFFINITY},
     * or NodeResourcesFit's reasons as bits ({@link #CPU}, {@link #MEMORY}, {@link #PODS}); {@link #FITS} when none fails.
     */
    public static int filter(PodSpec pod, SimNode node) {
        if (node.unschedulable()) {
            return UNSCHEDULABLE;
        }
        if (untolerated(pod, node) != null) {
            return TAINT;
        }
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return AFFINITY;
            }
        }
        int fit = FITS;
        if (pod.cpuRequestMillis() > node.freeCpu()) {
            fit |= CPU;
        }
        if (pod.memoryRequestMiB() > node.freeMemory()) {
            fit |= MEMORY;
        }
        if (node.freeSlots() <= 0) {
            fit |= PODS;
        }
        return fit;
    }

    private static Taint untolerated(PodSpec pod, SimNode node) {
        for (Taint taint : node.taints()) {
            if (taint.repels() && !pod.tolerates(taint)) {
                return taint;
            }
        }
        return null;
    }

    /** kube-scheduler's FitError message for {@code reasons} (reason → nodes). */
    public String message(Map<String, Integer> reasons) {
        List<String> parts = new ArrayList<>();
        reasons.forEach((reason, count) -> parts.add(count + " " + reason));
        parts.sort(null);
        int n = nodes.size();
        return "0/" + n + " nodes are available: " + String.join(", ", parts) + ". preemption: 0/" + n
                + " nodes are available: " + n + " Preemption is not helpful for scheduling.";
    }
}
