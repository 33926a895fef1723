package io.escheduler.policies.execute;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A node as the executor asks about it between and during actions: whether it is Ready, cordoned, powered off, and
 * the executor's own annotations on it ({@link PlanExecutor#CORDONED_BY}, {@link PlanExecutor#POWERED_ON_AT}).
 *
 * @param poweredOff  annotated {@code powered-off: "true"} and not {@code power-on-failed}, as
 *                    {@link io.escheduler.policies.model.NodeSnapshot#poweredOff()} reads it
 * @param annotations every annotation of the node (one without a value counts as absent)
 */
public record NodeView(String name, boolean ready, boolean unschedulable, boolean poweredOff, Map<String, String> annotations) {

    public NodeView {
        Map<String, String> copy = new HashMap<>();
        annotations.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        annotations = Collections.unmodifiableMap(copy);
    }

    /** The annotation {@code key}, or null. */
    public String annotation(String key) {
        return annotations.get(key);
    }
}
