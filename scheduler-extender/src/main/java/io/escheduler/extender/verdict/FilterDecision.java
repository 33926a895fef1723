package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;

import java.util.Arrays;
import java.util.Objects;

/**
 * The filter rule of seed 2's DVFS and power-capping extenders: a throttled node is removed when at least one
 * unthrottled candidate remains; when every known candidate is throttled, all are kept. A node the extender does not
 * know (not in its Node cache) passes untouched and does not count as unthrottled: nothing is known about it.
 * Candidates are indexes into the request's list: no names, no boxing (thousands per request).
 */
public final class FilterDecision {

    /** What happened to one candidate (the {@code verdict} label of {@code extender_verdicts_total{verb="filter"}}). */
    public enum Verdict {
        UNTHROTTLED("unthrottled"),
        THROTTLED_REMOVED("throttled-removed"),
        THROTTLED_KEPT("throttled-kept-all-throttled"),
        UNKNOWN("unknown-node");

        private static final Verdict[] ALL = values();

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int[] kept;
    private final int[] removed;
    private final String[] reasons;
    private final int[] counts;

    private FilterDecision(int[] kept, int[] removed, String[] reasons, int[] counts) {
        this.kept = kept;
        this.removed = removed;
        this.reasons = reasons;
        this.counts = counts;
    }

    /** @param states each candidate's state in request order, null where the node is unknown */
    public static FilterDecision decide(NodeState[] states) {
        boolean anyUnthrottled = false;
        for (NodeState state : states) {
            if (state != null && !state.throttled()) {
                anyUnthrottled = true;
                break;
            }
        }
        int[] kept = new int[states.length];
        int keptCount = 0;
        int[] removed = new int[anyUnthrottled ? states.length : 0];
        String[] reasons = new String[removed.length];
        int removedCount = 0;
        int[] counts = new int[Verdict.ALL.length];
        // the reason of the previous removed node: most share one, and each message is a concatenation
        NodeState last = null;
        for (int i = 0; i < states.length; i++) {
            NodeState state = states[i];
            Verdict verdict;
            if (state == null) {
                verdict = Verdict.UNKNOWN;
            } else if (!state.throttled()) {
                verdict = Verdict.UNTHROTTLED;
            } else {
                verdict = anyUnthrottled ? Verdict.THROTTLED_REMOVED : Verdict.THROTTLED_KEPT;
            }
            if (verdict == Verdict.THROTTLED_REMOVED) {
                removed[removedCount] = i;
                reasons[removedCount] = last != null && Objects.equals(last.throttleReason(), state.throttleReason())
                        ? reasons[removedCount - 1] : state.failureMessage();
                removedCount++;
                last = state;
            } else {
                kept[keptCount++] = i;
            }
            counts[verdict.ordinal()]++;
        }
        return new FilterDecision(Arrays.copyOf(kept, keptCount), Arrays.copyOf(removed, removedCount),
                Arrays.copyOf(reasons, removedCount), counts);
    }

    /** Indexes of the candidates that pass, in request order. */
    public int[] kept() {
        return kept;
    }

    /** Indexes of the candidates removed as throttled ({@code FailedNodes}), in request order. */
    public int[] removed() {
        return removed;
    }

    /** The reason of each of {@link #removed()}, same order; equal reasons are the same String. */
    public String[] reasons() {
        return reasons;
    }

    /** How many candidates got {@code verdict}. */
    public int count(Verdict verdict) {
        return counts[verdict.ordinal()];
    }
}
