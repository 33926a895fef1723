package io.escheduler.policies.rails;

import io.escheduler.policies.model.NodeSnapshot;

/** Nodes no policy may change. */
public final class NodeGuards {

    private NodeGuards() {
    }

    /** Why no action at all may touch {@code node}, or null. */
    public static String untouchable(NodeSnapshot node) {
        return node.controlPlane() ? "control-plane node: no policy acts on it" : null;
    }

    /** Why {@code node} must not be powered off (or emptied to be), or null. */
    public static String keepOn(NodeSnapshot node) {
        String untouchable = untouchable(node);
        if (untouchable != null) {
            return untouchable;
        }
        return node.doNotPowerOff() ? "annotated " + NodeSnapshot.DO_NOT_POWER_OFF : null;
    }
}
