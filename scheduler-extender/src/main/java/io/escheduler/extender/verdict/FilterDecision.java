package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter rule of seed 2's DVFS and power-capping extenders: a throttled node is removed when at least one
 * unthrottled candidate remains; when every known candidate is throttled, all are kept. A node the extender does not
 * know (not in its Node cache) passes untouched and does not count as unthrottled: nothing is known about it.
 *
 * @param kept    indexes of the candidates that pass, in request order
 * @param failed  removed node → reason ({@code FailedNodes})
 * @param counts  how many candidates got each verdict
 */
public record FilterDecision(List<Integer> kept, Map<String, String> failed, Map<Verdict, Integer> counts) {

    /** What happened to one candidate (the {@code verdict} label of {@code extender_verdicts_total{verb="filter"}}). */
    public enum Verdict {
        UNTHROTTLED("unthrottled"),
        THROTTLED_REMOVED("throttled-removed"),
        THROTTLED_KEPT("throttled-kept-all-throttled"),
        UNKNOWN("unknown-node");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** @param states each candidate's state in request order, null where the node is unknown */
    public static FilterDecision decide(List<String> names, List<NodeState> states) {
        boolean anyUnthrottled = false;
        for (NodeState state : states) {
            anyUnthrottled |= state != null && !state.throttled();
        }
        List<Integer> kept = new ArrayList<>(names.size());
        Map<String, String> failed = new LinkedHashMap<>();
        Map<Verdict, Integer> counts = new java.util.EnumMap<>(Verdict.class);
        for (int i = 0; i < names.size(); i++) {
            NodeState state = states.get(i);
            Verdict verdict;
            if (state == null) {
                verdict = Verdict.UNKNOWN;
            } else if (!state.throttled()) {
                verdict = Verdict.UNTHROTTLED;
            } else {
                verdict = anyUnthrottled ? Verdict.THROTTLED_REMOVED : Verdict.THROTTLED_KEPT;
            }
            if (verdict == Verdict.THROTTLED_REMOVED) {
                failed.put(names.get(i), state.failureMessage());
            } else {
                kept.add(i);
            }
            counts.merge(verdict, 1, Integer::sum);
        }
        return new FilterDecision(kept, failed, counts);
    }
}
