package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.capping.CappingConfig;
import io.escheduler.policies.capping.CappingThresholds;
import io.escheduler.policies.cappingmigration.CappingMigrationConfig;
import io.escheduler.policies.consolidation.ConsolidationConfig;
import io.escheduler.policies.dvfs.DvfsConfig;
import io.escheduler.policies.dvfsmigration.DvfsMigrationConfig;
import io.escheduler.policies.execute.ExecutorConfig;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.poweroff.PowerOffConfig;
import io.escheduler.policies.poweron.PowerOnConfig;
import io.escheduler.policies.rails.RailsConfig;
import io.escheduler.powermanager.config.PowerManagerConfig;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code power-manager.*} as power-policies' {@link PolicySettings}: the only place that knows the config
 * mapping, so that the policies and their tests need no Quarkus. Invalid values fail here, at startup, with the key
 * named.
 */
public final class PolicySettingsMapping {

    private PolicySettingsMapping() {
    }

    public static PolicySettings from(PowerManagerConfig c) {
        Map<PolicyName, Mode> modes = new EnumMap<>(PolicyName.class);
        modes.put(PolicyName.POWER_ON, c.powerOn().mode());
        modes.put(PolicyName.POWER_OFF, c.powerOff().mode());
        modes.put(PolicyName.CONSOLIDATION, c.consolidation().mode());
        modes.put(PolicyName.DVFS, c.dvfs().mode());
        modes.put(PolicyName.CAPPING, c.capping().mode());
        modes.put(PolicyName.DVFS_MIGRATION, c.dvfsMigration().mode());
        modes.put(PolicyName.CAPPING_MIGRATION, c.cappingMigration().mode());
        PowerManagerConfig.CappingMigration migration = c.cappingMigration();
        return new PolicySettings(c.interval(), modes,
                new PowerOnConfig(c.powerOn().bootTimeout(), c.rails().cooldown()),
                new PowerOffConfig(c.powerOff().gracePeriod()),
                new ConsolidationConfig(c.consolidation().num(), c.consolidation().spareNodes()),
                new DvfsConfig(c.dvfs().lowerBelowPercent(), c.dvfs().restoreAbovePercent(), c.dvfs().window(), c.dvfs().target()),
                new CappingConfig(thresholds(c.capping())),
                new DvfsMigrationConfig(c.dvfsMigration().abovePercent(), c.dvfsMigration().reserve()),
                new CappingMigrationConfig(thresholds(migration), migration.num(), migration.settle(), migration.shedValidFor()),
                new RailsConfig(c.rails().cooldown(), c.rails().minNodesOn(), c.rails().maxChanges(), c.rails().interval(),
                        c.rails().failureBackoff(), c.rails().maxFailures()),
                new ExecutorConfig(c.executor().drainTimeout(), c.executor().uncordonAfter()));
    }

    private static CappingThresholds thresholds(PowerManagerConfig.Capping c) {
        return new CappingThresholds(c.abovePercent(), c.limitPercent(), c.liftBelowPercent(), c.maxPowerWatts());
    }
}
