package io.escheduler.policies.plan;

import java.util.Optional;

/** What the executor does for one action; the wire name is what plans and the audit trail show. */
public enum ActionKind {
    POWER_ON("power-on", Control.POWER),
    POWER_OFF("power-off", Control.POWER),
    CORDON("cordon", Control.PLACEMENT),
    /** Through the Eviction API; the pod's controller recreates it and the scheduler places it. */
    EVICT("evict", Control.PLACEMENT),
    /** Once the evicted pods are running elsewhere (migrations, whose source node stays on). */
    UNCORDON("uncordon", Control.PLACEMENT),
    SET_CPUFREQ("set-cpufreq", Control.CPUFREQ),
    RESTORE_CPUFREQ("restore-cpufreq", Control.CPUFREQ),
    SET_POWER_LIMIT("set-power-limit", Control.POWER_LIMIT),
    LIFT_POWER_LIMIT("lift-power-limit", Control.POWER_LIMIT);

    private final String wireName;
    private final Control control;

    ActionKind(String wireName, Control control) {
        this.wireName = wireName;
        this.control = control;
    }

    public String wireName() {
        return wireName;
    }

    public Control control() {
        return control;
    }

    /** The kind named {@code wireName} on the wire (plans, the audit trail), if there is one. */
    public static Optional<ActionKind> ofWireName(String wireName) {
        for (ActionKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
