package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;

import java.util.Arrays;
import java.util.Map;

/**
 * The prioritize scores, 0..10 (docs/scheduler-extender.md, "Scoring"):
 * <ul>
 *   <li>Without an energy ranking (the pod did not opt in, or the analyzer had no answer): unthrottled {@value #UNTHROTTLED},
 *   throttled {@value #THROTTLED}.</li>
 *   <li>With the analyzer's ranking for the pod's program: each candidate's system has an energy fraction {@code f} in
 *   0..1 from its place among the distinct scores (watts for seed 1's peak-power rule) of the candidates' ranked
 *   systems: lowest score 1, highest 0, linear by position between; equal scores get equal fractions, and a lone score
 *   gets 1. A system the ranking does not list gets {@code f = 0.5}. Unthrottled nodes score {@code 5 + round(5 f)}
 *   (5..10), throttled ones {@code round(4 f)} (0..4): every unthrottled node stays above every throttled one.</li>
 *   <li>A node the extender does not know: {@value #UNKNOWN} in both cases.</li>
 * </ul>
 * Rounding is half up, so the result depends only on the inputs.
 */
public final class Scoring {

    static final int UNTHROTTLED = 10;
    static final int THROTTLED = 0;
    static final int UNKNOWN = 5;
    static final double UNRANKED_FRACTION = 0.5;

    private Scoring() {
    }

    /**
     * @param states  each candidate's state in request order, null where the node is unknown
     * @param ranking system → score from the analyzer (lower is better), or null for no energy ranking
     * @return each candidate's score, in request order
     */
    public static int[] scores(NodeState[] states, Map<String, Double> ranking) {
        return scores(states, states.length, ranking, new int[states.length]);
    }

    /**
     * {@link #scores(NodeState[], Map)} of the first {@code count} states, into {@code scores} (at least {@code count}
     * long); returns {@code scores}.
     */
    public static int[] scores(NodeState[] states, int count, Map<String, Double> ranking, int[] scores) {
        double[] distinct = ranking == null ? null : distinctScores(states, count, ranking);
        for (int i = 0; i < count; i++) {
            NodeState state = states[i];
            int score;
            if (state == null) {
                score = UNKNOWN;
            } else if (ranking == null) {
                score = state.throttled() ? THROTTLED : UNTHROTTLED;
            } else {
                double fraction = fraction(ranking.get(state.system()), distinct);
                score = state.throttled() ? (int) Math.round(4 * fraction) : 5 + (int) Math.round(5 * fraction);
            }
            scores[i] = score;
        }
        return scores;
    }

    /** The candidates' ranked scores, sorted and distinct (in {@link Double#compare}'s order, as a TreeSet would keep them). */
    private static double[] distinctScores(NodeState[] states, int count, Map<String, Double> ranking) {
        double[] scores = new double[count];
        int ranked = 0;
        for (int i = 0; i < count; i++) {
            Double score = states[i] == null ? null : ranking.get(states[i].system());
            if (score != null) {
                scores[ranked++] = score;
            }
        }
        Arrays.sort(scores, 0, ranked);
        int distinct = 0;
        for (int i = 0; i < ranked; i++) {
            if (distinct == 0 || Double.compare(scores[distinct - 1], scores[i]) != 0) {
                scores[distinct++] = scores[i];
            }
        }
        return Arrays.copyOf(scores, distinct);
    }

    private static double fraction(Double score, double[] distinct) {
        if (score == null) {
            return UNRANKED_FRACTION;
        }
        if (distinct.length == 1) {
            return 1;
        }
        int position = Arrays.binarySearch(distinct, score);
        return 1 - (double) position / (distinct.length - 1);
    }
}
