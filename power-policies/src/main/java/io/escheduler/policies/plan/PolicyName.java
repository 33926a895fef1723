package io.escheduler.policies.plan;

import java.util.Optional;

/** The seven policies of seed 2, by the name they have on the wire ({@code GET /v1/plans/{name}}) and in config. */
public enum PolicyName {
    POWER_ON("power-on"),
    POWER_OFF("power-off"),
    CONSOLIDATION("consolidation"),
    DVFS("dvfs"),
    CAPPING("capping"),
    DVFS_MIGRATION("dvfs-migration"),
    CAPPING_MIGRATION("capping-migration");

    private final String wireName;

    PolicyName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The policy named {@code wireName} on the wire, if there is one. */
    public static Optional<PolicyName> ofWireName(String wireName) {
        for (PolicyName name : values()) {
            if (name.wireName.equals(wireName)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
