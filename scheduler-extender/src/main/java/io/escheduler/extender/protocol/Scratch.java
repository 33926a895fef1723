package io.escheduler.extender.protocol;

import io.escheduler.extender.nodes.NodeState;
import io.vertx.core.Context;

/**
 * Working arrays of one request, sized to its candidates and reused by the next request on the same event-loop thread:
 * at 5000 names a filter or prioritize needs about 200 kB of them, which were half of what a request left to the
 * garbage collector once the body was read in one copy. They grow to the largest request seen and never shrink (a
 * few hundred kilobytes per event loop at 5000 nodes).
 *
 * <p>Valid only until the thread starts its next request: a request handed to another thread must not take its
 * arrays along. Threads that are not event loops (workers, tests) get fresh arrays every time.
 */
public final class Scratch {

    /** The int arrays, by use. */
    public enum Ints {
        /** {@link CandidateNames}: offset of each literal's opening quote. */
        QUOTES,
        /** {@link CandidateNames}: offset of each literal's closing quote. */
        ENDS,
        /** {@link CandidateNames}: hash of each name. */
        HASHES,
        /** Filter: indexes of the candidates kept. */
        KEPT,
        /** Filter: indexes of the candidates removed. */
        REMOVED,
        /** Prioritize: each candidate's score. */
        SCORES
    }

    private static final ThreadLocal<Scratch> EVENT_LOOP = ThreadLocal.withInitial(Scratch::new);

    private final int[][] ints = new int[Ints.values().length][];
    private NodeState[] states = new NodeState[0];
    private String[] strings = new String[0];

    private Scratch() {
        for (int i = 0; i < ints.length; i++) {
            ints[i] = new int[0];
        }
    }

    /** This event-loop thread's arrays, or fresh ones on any other thread. */
    public static Scratch forThisThread() {
        return Context.isOnEventLoopThread() ? EVENT_LOOP.get() : new Scratch();
    }

    /** Fresh arrays, owned by the caller. */
    public static Scratch fresh() {
        return new Scratch();
    }

    /** An int array of at least {@code size} elements (contents undefined). */
    public int[] ints(Ints use, int size) {
        int[] array = ints[use.ordinal()];
        if (array.length < size) {
            array = new int[grown(array.length, size)];
            ints[use.ordinal()] = array;
        }
        return array;
    }

    /** {@link #ints} with the first {@code keep} elements of {@code current} (the array of {@code use}) copied over. */
    int[] grow(Ints use, int[] current, int keep, int size) {
        int[] grown = ints(use, size);
        if (grown != current) {
            System.arraycopy(current, 0, grown, 0, keep);
        }
        return grown;
    }

    /** A NodeState array of at least {@code size} elements (contents undefined). */
    public NodeState[] states(int size) {
        if (states.length < size) {
            states = new NodeState[grown(states.length, size)];
        }
        return states;
    }

    /** A String array of at least {@code size} elements (contents undefined). */
    public String[] strings(int size) {
        if (strings.length < size) {
            strings = new String[grown(strings.length, size)];
        }
        return strings;
    }

    /** Doubling, so that a cluster growing node by node does not reallocate on every request. */
    private static int grown(int length, int size) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, Math.max(16, 2L * length)));
    }
}
