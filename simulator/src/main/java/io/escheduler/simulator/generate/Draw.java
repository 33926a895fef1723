package io.escheduler.simulator.generate;

import io.escheduler.simulator.input.Tree;

import java.util.List;
import java.util.Random;

/** The random draws of the generators, all from one seeded {@link Random}: identical seeds give identical workloads. */
final class Draw {

    private Draw() {
    }

    /** Exponential inter-arrival time (ms) of a Poisson process with {@code perHour} events per hour. */
    static long exponentialMillis(Random r, double perHour) {
        return Math.max(1, Math.round(-Math.log(1 - r.nextDouble()) / perHour * 3_600_000));
    }

    /** Log-normal with median {@code median} and shape {@code sigma} (the log's standard deviation). */
    static double logNormal(Random r, double median, double sigma) {
        return median * Math.exp(sigma * r.nextGaussian());
    }

    /** One of {@code values}, by {@code weights}. */
    static long weighted(Random r, long[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** A {@code choices:} list of {@code {value, weight}} mappings. */
    static long[][] choices(Tree.Value v, String what) {
        List<Tree.Value> items = v.list();
        if (items.isEmpty()) {
            throw v.error(what + " needs at least one choice");
        }
        long[] values = new long[items.size()];
        long[] weights = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Tree.Mapping m = items.get(i).mapping().only(java.util.Set.of("value", "weight"), what);
            values[i] = m.required("value", what).whole(what + " value");
            weights[i] = m.required("weight", what).whole(what + " weight");
            if (values[i] <= 0 || weights[i] < 0) {
                throw items.get(i).error(what + ": value must be positive, weight not negative");
            }
        }
        return new long[][]{values, weights};
    }

    static double[] asDouble(long[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i];
        }
        return out;
    }
}
