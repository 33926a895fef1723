package io.escheduler.policies.consolidation;

import io.escheduler.policies.PolicyDefaults;

/**
 * Settings of the consolidation policy ({@code consolidation.*}, defaults in {@link PolicyDefaults}).
 *
 * @param num        how many nodes to empty and power off per plan (the seed's {@code num})
 * @param spareNodes how many times the allocatable of a node being emptied the other running, schedulable nodes must
 *                   still have free once they hold its pods: room for the next pods, so that power-on need not boot a
 *                   node for them (0: pack as tightly as the pods fit)
 */
public record ConsolidationConfig(int num, int spareNodes) {

    public static final ConsolidationConfig DEFAULTS = new ConsolidationConfig(PolicyDefaults.count(PolicyDefaults.CONSOLIDATION_NUM),
            PolicyDefaults.count(PolicyDefaults.CONSOLIDATION_SPARE_NODES));

    public ConsolidationConfig {
        if (num < 0) {
            throw new IllegalArgumentException("consolidation.num must not be negative: " + num);
        }
        if (spareNodes < 0) {
            throw new IllegalArgumentException("consolidation.spare-nodes must not be negative: " + spareNodes);
        }
    }
}
