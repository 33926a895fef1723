package io.escheduler.policies.cappingmigration;

import io.escheduler.policies.PolicyDefaults;
import io.escheduler.policies.capping.CappingThresholds;

import java.time.Duration;

/**
 * Settings of the capping-migration policy ({@code capping-migration.*}, defaults in {@link PolicyDefaults}).
 *
 * @param thresholds    when a node is over power, the limit set, when the cap is lifted
 * @param num           how many pods an over-power node sheds first (the seed's {@code num})
 * @param settle        how long after the shed the power is looked at again; still above → capped
 * @param shedValidFor  a shed older than this no longer counts: the node sheds again before it is capped
 */
public record CappingMigrationConfig(CappingThresholds thresholds, int num, Duration settle, Duration shedValidFor) {

    public static final CappingMigrationConfig DEFAULTS = new CappingMigrationConfig(CappingThresholds.DEFAULTS,
            PolicyDefaults.count(PolicyDefaults.CAPPING_MIGRATION_NUM), PolicyDefaults.duration(PolicyDefaults.CAPPING_MIGRATION_SETTLE),
            PolicyDefaults.duration(PolicyDefaults.CAPPING_MIGRATION_SHED_VALID_FOR));

    public CappingMigrationConfig {
        if (num < 0) {
            throw new IllegalArgumentException("capping-migration.num must not be negative: " + num);
        }
        if (settle.isNegative() || shedValidFor.compareTo(settle) <= 0) {
            throw new IllegalArgumentException("capping-migration: need 0 <= settle < shed-valid-for, got " + settle + " and " + shedValidFor);
        }
    }
}
