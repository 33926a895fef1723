package io.escheduler.extender.protocol;

import io.escheduler.extender.nodes.NodeState;

/**
 * One Node of a {@code nodeCacheCapable: false} request: its state as the request's Node object tells it, and the
 * object itself, to be returned unchanged when the node passes the filter.
 */
public record CandidateNode(NodeState state, RawJson json) {

    public String name() {
        return state.name();
    }
}
