package io.escheduler.analyzer.policies.capping;

/** Settings of the capping policy ({@code energy-analyzer.policies.capping.*}). */
public record CappingConfig(CappingThresholds thresholds) {

    public static final CappingConfig DEFAULTS = new CappingConfig(CappingThresholds.DEFAULTS);
}
