package io.escheduler.analyzer.policies.consolidation;

/**
 * Settings of the consolidation policy ({@code energy-analyzer.policies.consolidation.*}).
 *
 * @param num how many nodes to empty and power off per plan (the seed's {@code num})
 */
public record ConsolidationConfig(int num) {

    public static final ConsolidationConfig DEFAULTS = new ConsolidationConfig(1);

    public ConsolidationConfig {
        if (num < 0) {
            throw new IllegalArgumentException("consolidation.num must not be negative: " + num);
        }
    }
}
