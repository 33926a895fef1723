package io.escheduler.extender.nodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every known node's {@link NodeState} by name, written by one informer and read by every request. Lookups go to a
 * {@link NodeIndex}, an immutable snapshot keyed by name bytes, rebuilt by the first request that sees the states
 * changed ({@link #index()}). Every change of a node's state bumps a version; a put that leaves the state equal does
 * not (a Node's status heartbeat every few seconds changes nothing the extender reads), so a cluster at rest keeps
 * its index.
 */
public final class NodeStates {

    private final Map<String, NodeState> states = new ConcurrentHashMap<>();
    /** Bumped after every change of {@link #states}. */
    private final AtomicLong version = new AtomicLong();
    private final Object rebuild = new Object();
    private volatile NodeIndex index = NodeIndex.EMPTY;

    /** Sets the state of {@code name}; whether it changed. */
    public boolean put(String name, NodeState state) {
        if (state.equals(states.put(name, state))) {
            return false;
        }
        version.incrementAndGet();
        return true;
    }

    /** Forgets {@code name}; whether it was known. */
    public boolean remove(String name) {
        if (states.remove(name) == null) {
            return false;
        }
        version.incrementAndGet();
        return true;
    }

    public NodeState get(String name) {
        return states.get(name);
    }

    public int size() {
        return states.size();
    }

    /** How many changes the states have seen. */
    public long version() {
        return version.get();
    }

    /**
     * The lookup index of the current states: every change made before this call is in it (the snapshot is taken
     * after the version is read, and each change is made before its bump, so an index of the version read holds it).
     * The first caller after a change rebuilds it under a lock (about a millisecond at 5000 nodes); callers meanwhile
     * wait for that one rather than use the old index.
     */
    public NodeIndex index() {
        NodeIndex current = index;
        if (current.version() == version.get()) {
            return current;
        }
        synchronized (rebuild) {
            long now = version.get();
            current = index;
            if (current.version() != now) {
                current = new NodeIndex(now, states);
                index = current;
            }
            return current;
        }
    }
}
