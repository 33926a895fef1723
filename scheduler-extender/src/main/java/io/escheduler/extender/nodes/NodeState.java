package io.escheduler.extender.nodes;

import java.util.Map;

/**
 * What the extender needs to know of a Node: its computing system and whether its actuator says it is
 * throttled (annotations {@value #THROTTLED} and {@value #THROTTLE_REASON}, written only by the node's
 * node-actuator).
 *
 * @param throttleReason the actuator's reasons (e.g. {@code cpufreq,power-limit}), null when none was given
 */
public record NodeState(String name, String system, boolean throttled, String throttleReason) {

    public static final String THROTTLED = "energy.escheduler.io/throttled";
    public static final String THROTTLE_REASON = "energy.escheduler.io/throttle-reason";

    /** From a Node's labels and annotations (either may be null); the system is the node's own name without the label. */
    public static NodeState fromMetadata(String name, Map<String, String> labels, Map<String, String> annotations, String systemLabel) {
        String system = labels == null ? null : labels.get(systemLabel);
        return of(name, system, annotations == null ? null : annotations.get(THROTTLED),
                annotations == null ? null : annotations.get(THROTTLE_REASON));
    }

    /** From the raw label and annotation values (each null when absent). */
    public static NodeState of(String name, String systemLabelValue, String throttledAnnotation, String reasonAnnotation) {
        String system = systemLabelValue == null || systemLabelValue.isBlank() ? name : systemLabelValue.strip();
        boolean throttled = throttledAnnotation != null && throttledAnnotation.strip().equalsIgnoreCase("true");
        String reason = reasonAnnotation == null || reasonAnnotation.isBlank() ? null : reasonAnnotation.strip();
        return new NodeState(name, system, throttled, reason);
    }

    /** Why the filter removed this throttled node, for {@code FailedNodes}. */
    public String failureMessage() {
        return "node is throttled by its node-actuator (" + (throttleReason == null ? "frequency lowered or power capped" : throttleReason)
                + ") and unthrottled nodes remain";
    }
}
