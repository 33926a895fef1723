package io.escheduler.analyzer.policies.plan;

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
}
