package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Peak and minimum power of a run from its power curve: per node over that node's samples, and for
 * the run over the instants where every node has a sample (a gap in one node would otherwise read
 * as a dip of the whole run). Samples that are not finite numbers are skipped.
 */
final class PowerCurve {

    /** Peak and minimum in watts over {@code samples} samples; both NaN when there are none. */
    record Extremes(double peakWatts, double minWatts, int samples) {

        static final Extremes NONE = new Extremes(Double.NaN, Double.NaN, 0);

        Extremes with(double watts) {
            return samples == 0 ? new Extremes(watts, watts, 1)
                    : new Extremes(Math.max(peakWatts, watts), Math.min(minWatts, watts), samples + 1);
        }
    }

    private final Map<String, Extremes> nodes;
    private final Extremes run;

    private PowerCurve(Map<String, Extremes> nodes, Extremes run) {
        this.nodes = nodes;
        this.run = run;
    }

    /** {@code curves}: node → its power samples in watts (one per step). */
    static PowerCurve of(List<String> runNodes, Map<String, List<Sample>> curves) {
        Map<String, Extremes> perNode = new HashMap<>();
        Map<Instant, double[]> sums = new TreeMap<>(); // instant → {sum, nodes seen}
        for (String node : runNodes) {
            Extremes extremes = Extremes.NONE;
            for (Sample sample : curves.getOrDefault(node, List.of())) {
                if (!Double.isFinite(sample.value())) {
                    continue;
                }
                extremes = extremes.with(sample.value());
                double[] sum = sums.computeIfAbsent(sample.time(), t -> new double[2]);
                sum[0] += sample.value();
                sum[1]++;
            }
            perNode.put(node, extremes);
        }
        Extremes whole = Extremes.NONE;
        for (double[] sum : sums.values()) {
            if (sum[1] == runNodes.size()) {
                whole = whole.with(sum[0]);
            }
        }
        return new PowerCurve(perNode, whole);
    }

    Extremes node(String node) {
        return nodes.getOrDefault(node, Extremes.NONE);
    }

    Extremes run() {
        return run;
    }
}
