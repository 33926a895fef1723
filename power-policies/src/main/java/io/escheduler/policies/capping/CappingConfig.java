package io.escheduler.policies.capping;

/** Settings of the capping policy ({@code capping.*}, defaults in {@link PolicyDefaults}). */
public record CappingConfig(CappingThresholds thresholds) {

    public static final CappingConfig DEFAULTS = new CappingConfig(CappingThresholds.DEFAULTS);
}
