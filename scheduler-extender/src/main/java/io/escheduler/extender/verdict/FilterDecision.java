package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.protocol.Scratch;

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
    private final int keptCount;
    private final int[] removed;
    private final String[] reasons;
    private final int removedCount;
    private final int[] counts;

    private FilterDecision(int[] kept, int keptCount, int[] removed, String[] reasons, int removedCount, int[] counts) {
        this.kept = kept;
        this.keptCount = keptCount;
        this.removed = removed;
        this.reasons = reasons;
        this.removedCount = removedCount;
        this.counts = counts;
    }

    /** @param states each candidate's state in request order, null where the node is unknown */
    public static FilterDecision decide(NodeState[] states) {
        return decide(states, states.length, Scratch.fresh());
    }

    /**
     * @param states  each candidate's state in request order ({@code count} of them), null where the node is unknown
     * @param scratch where the kept and removed indexes go: the decision is valid as long as these arrays are
     */
    public static FilterDecision decide(NodeState[] states, int count, Scratch scratch) {
        boolean anyUnthrottled = false;
        for (int i = 0; i < count; i++) {
            NodeState state = states[i];
            if (state != null && !state.throttled()) {
                anyUnthrottled = true;
                break;
            }
        }
        int[] kept = scratch.ints(Scratch.Ints.KEPT, count);
        int keptCount = 0;
        int[] removed = scratch.ints(Scratch.Ints.REMOVED, anyUnthrottled ? count : 0);
        String[] reasons = scratch.strings(anyUnthrottled ? count : 0);
        int removedCount = 0;
        int[] counts = new int[Verdict.ALL.length];
        // the reason of the previous removed node: most share one, and each message is a concatenation
        NodeState last = null;
        for (int i = 0; i < count; i++) {
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
        return new FilterDecision(kept, keptCount, removed, reasons, removedCount, counts);
    }

    /** Indexes of the candidates that pass, in request order. */
    public int[] kept() {
        return Arrays.copyOf(kept, keptCount);
    }

    /** Indexes of the candidates removed as throttled ({@code FailedNodes}), in request order. */
    public int[] removed() {
        return Arrays.copyOf(removed, removedCount);
    }

    /** The reason of each of {@link #removed()}, same order; equal reasons are the same String. */
    public String[] reasons() {
        return Arrays.copyOf(reasons, removedCount);
    }

    /** How many candidates pass. */
    public int keptCount() {
        return keptCount;
    }

    /** How many candidates are removed. */
    public int removedCount() {
        return removedCount;
    }

    /** {@link #kept()} without a copy: the first {@link #keptCount()} elements. */
    public int[] keptIndexes() {
        return kept;
    }

    /** {@link #removed()} without a copy: the first {@link #removedCount()} elements. */
    public int[] removedIndexes() {
        return removed;
    }

    /** {@link #reasons()} without a copy: the first {@link #removedCount()} elements. */
    public String[] removedReasons() {
        return reasons;
    }

    /** How many candidates got {@code verdict}. */
    public int count(Verdict verdict) {
        return counts[verdict.ordinal()];
    }
}
