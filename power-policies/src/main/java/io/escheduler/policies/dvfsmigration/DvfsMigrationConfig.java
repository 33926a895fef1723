package io.escheduler.policies.dvfsmigration;

import io.escheduler.policies.PolicyDefaults;

/**
 * Settings of the DVFS-migration policy ({@code dvfs-migration.*}, defaults in {@link PolicyDefaults}).
 *
 * @param abovePercent a node whose CPU utilisation exceeds this sheds pods until its projected utilisation is
 *                     below it; a target's projected utilisation must stay below it too
 * @param reserve      how many idle nodes (running, schedulable, without workload pods; the first by name) are
 *                     kept idle: never targets
 */
public record DvfsMigrationConfig(double abovePercent, int reserve) {

    public static final DvfsMigrationConfig DEFAULTS = new DvfsMigrationConfig(PolicyDefaults.number(PolicyDefaults.DVFS_MIGRATION_ABOVE_PERCENT),
            PolicyDefaults.count(PolicyDefaults.DVFS_MIGRATION_RESERVE));

    public DvfsMigrationConfig {
        if (!(0 < abovePercent && abovePercent <= 100)) {
            throw new IllegalArgumentException("dvfs-migration.above-percent must be in (0, 100]: " + abovePercent);
        }
        if (reserve < 0) {
            throw new IllegalArgumentException("dvfs-migration.reserve must not be negative: " + reserve);
        }
    }
}
