package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.policies.capping.CappingConfig;
import io.escheduler.analyzer.policies.capping.CappingPolicy;
import io.escheduler.analyzer.policies.capping.CappingThresholds;
import io.escheduler.analyzer.policies.cappingmigration.CappingMigrationConfig;
import io.escheduler.analyzer.policies.cappingmigration.CappingMigrationPolicy;
import io.escheduler.analyzer.policies.consolidation.ConsolidationConfig;
import io.escheduler.analyzer.policies.consolidation.ConsolidationPolicy;
import io.escheduler.analyzer.policies.dvfs.DvfsConfig;
import io.escheduler.analyzer.policies.dvfs.DvfsPolicy;
import io.escheduler.analyzer.policies.dvfsmigration.DvfsMigrationConfig;
import io.escheduler.analyzer.policies.dvfsmigration.DvfsMigrationPolicy;
import io.escheduler.analyzer.policies.plan.PolicyName;
import io.escheduler.analyzer.policies.poweroff.PowerOffConfig;
import io.escheduler.analyzer.policies.poweroff.PowerOffPolicy;
import io.escheduler.analyzer.policies.poweron.PowerOnConfig;
import io.escheduler.analyzer.policies.poweron.PowerOnPolicy;
import io.escheduler.analyzer.policies.rails.RailsConfig;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The policies' settings as plain records, read from {@code energy-analyzer.policies.*}: the only place that knows
 * the config mapping, so that the policies and their tests need no Quarkus. Invalid values fail here, at startup,
 * with the key named.
 */
public record PolicySettings(Map<PolicyName, Mode> modes, PowerOnConfig powerOn, PowerOffConfig powerOff,
                             ConsolidationConfig consolidation, DvfsConfig dvfs, CappingConfig capping,
                             DvfsMigrationConfig dvfsMigration, CappingMigrationConfig cappingMigration, RailsConfig rails) {

    public static PolicySettings from(AnalyzerConfig.Policies c) {
        Map<PolicyName, Mode> modes = new EnumMap<>(PolicyName.class);
        modes.put(PolicyName.POWER_ON, c.powerOn().mode());
        modes.put(PolicyName.POWER_OFF, c.powerOff().mode());
        modes.put(PolicyName.CONSOLIDATION, c.consolidation().mode());
        modes.put(PolicyName.DVFS, c.dvfs().mode());
        modes.put(PolicyName.CAPPING, c.capping().mode());
        modes.put(PolicyName.DVFS_MIGRATION, c.dvfsMigration().mode());
        modes.put(PolicyName.CAPPING_MIGRATION, c.cappingMigration().mode());
        AnalyzerConfig.Policies.CappingMigration migration = c.cappingMigration();
        return new PolicySettings(Map.copyOf(modes),
                new PowerOnConfig(c.powerOn().bootTimeout(), c.rails().cooldown()),
                new PowerOffConfig(c.powerOff().gracePeriod()),
                new ConsolidationConfig(c.consolidation().num()),
                new DvfsConfig(c.dvfs().lowerBelowPercent(), c.dvfs().restoreAbovePercent(), c.dvfs().window(), c.dvfs().target()),
                new CappingConfig(thresholds(c.capping())),
                new DvfsMigrationConfig(c.dvfsMigration().abovePercent(), c.dvfsMigration().reserve()),
                new CappingMigrationConfig(thresholds(migration), migration.num(), migration.settle(), migration.shedValidFor()),
                new RailsConfig(c.rails().cooldown(), c.rails().minNodesOn(), c.rails().maxChanges(), c.rails().interval(),
                        c.rails().failureBackoff(), c.rails().maxFailures()));
    }

    private static CappingThresholds thresholds(AnalyzerConfig.Policies.Capping c) {
        return new CappingThresholds(c.abovePercent(), c.limitPercent(), c.liftBelowPercent(), c.maxPowerWatts());
    }

    /** Every policy, in {@link PolicyName} order (the order the rails see their plans in), whatever its mode. */
    public List<Policy> policies() {
        return List.of(new PowerOnPolicy(powerOn), new PowerOffPolicy(powerOff), new ConsolidationPolicy(consolidation),
                new DvfsPolicy(dvfs), new CappingPolicy(capping), new DvfsMigrationPolicy(dvfsMigration),
                new CappingMigrationPolicy(cappingMigration));
    }
}
