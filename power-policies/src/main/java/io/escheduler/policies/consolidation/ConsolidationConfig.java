package io.escheduler.policies.consolidation;

import io.escheduler.policies.PolicyDefaults;

/**
 * Settings of the consolidation policy ({@code consolidation.*}, defaults in {@link PolicyDefaults}).
 *
 * @param num how many nodes to empty and power off per plan (the seed's {@code num})
 */
public record ConsolidationConfig(int num) {

    public static final ConsolidationConfig DEFAULTS = new ConsolidationConfig(PolicyDefaults.count(PolicyDefaults.CONSOLIDATION_NUM));

    public ConsolidationConfig {
        if (num < 0) {
            throw new IllegalArgumentException("consolidation.num must not be negative: " + num);
        }
    }
}
