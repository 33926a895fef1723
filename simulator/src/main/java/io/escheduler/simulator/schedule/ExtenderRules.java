package io.escheduler.simulator.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The scheduler-extender's rules for {@code energy-scheduler} pods, as docs/scheduler-extender.md states them; the
 * table of cases in test-fixtures ({@code extender-rules/cases.json}) is run against this class here and against the
 * extender's own classes there, so that the two cannot drift apart.
 * <ul>
 * <li><b>Filter</b>: a throttled node is removed while at least one unthrottled candidate remains; when every known
 *     candidate is throttled, all stay; an unknown node passes.</li>
 * <li><b>Prioritize</b>: without a ranking, unthrottled 10, throttled 0; with the program's ranking (system → highest
 *     peak watts, never-ran 0), each candidate's system gets {@code f} from its place among the candidates' distinct
 *     ranked scores (lowest 1, highest 0, evenly by position; a lone score 1; unranked 0.5): unthrottled
 *     {@code 5 + round(5f)}, throttled {@code round(4f)}; unknown 5.</li>
 * <li><b>Bind</b>: a throttled node chosen is restored before the pod is bound to it.</li>
 * </ul>
 */
public final class ExtenderRules {

    /** A candidate node as the extender sees it; null stands for a node it does not know. */
    public record Candidate(String name, String system, boolean throttled) {
    }

    private ExtenderRules() {
    }

    /** The indexes of the candidates the filter keeps, in order. */
    public static List<Integer> filter(List<Candidate> candidates) {
        boolean anyUnthrottled = candidates.stream().anyMatch(c -> c != null && !c.throttled());
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c == null || !c.throttled() || !anyUnthrottled) {
                kept.add(i);
            }
        }
        return kept;
    }

    /** Each candidate's score 0..10, in order; {@code ranking} null: no energy ranking. */
    public static int[] scores(List<Candidate> candidates, Map<String, Double> ranking) {
        double[] distinct = null;
        if (ranking != null) {
            distinct = candidates.stream().filter(c -> c != null && ranking.containsKey(c.system()))
                    .mapToDouble(c -> ranking.get(c.system())).sorted().toArray();
            int n = 0;
            for (int i = 0; i < distinct.length; i++) {
                if (n == 0 || Double.compare(distinct[n - 1], distinct[i]) != 0) {
                    distinct[n++] = distinct[i];
                }
            }
            distinct = Arrays.copyOf(distinct, n);
        }
        int[] out = new int[candidates.size()];
        for (int i = 0; i < out.length; i++) {
            Candidate c = candidates.get(i);
            if (c == null) {
                out[i] = 5;
            } else if (ranking == null) {
                out[i] = c.throttled() ? 0 : 10;
            } else {
                double f = fraction(ranking.get(c.system()), distinct);
                out[i] = c.throttled() ? (int) Math.round(4 * f) : 5 + (int) Math.round(5 * f);
            }
        }
        return out;
    }

    private static double fraction(Double score, double[] distinct) {
        if (score == null) {
            return 0.5;
        }
        if (distinct.length == 1) {
            return 1;
        }
        return 1 - (double) Arrays.binarySearch(distinct, score) / (distinct.length - 1);
    }
}
