package io.escheduler.policies;

import io.escheduler.policies.capping.CappingConfig;
import io.escheduler.policies.capping.CappingPolicy;
import io.escheduler.policies.cappingmigration.CappingMigrationConfig;
import io.escheduler.policies.cappingmigration.CappingMigrationPolicy;
import io.escheduler.policies.consolidation.ConsolidationConfig;
import io.escheduler.policies.consolidation.ConsolidationPolicy;
import io.escheduler.policies.dvfs.DvfsConfig;
import io.escheduler.policies.dvfs.DvfsPolicy;
import io.escheduler.policies.dvfsmigration.DvfsMigrationConfig;
import io.escheduler.policies.dvfsmigration.DvfsMigrationPolicy;
import io.escheduler.policies.execute.ExecutorConfig;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.poweroff.PowerOffConfig;
import io.escheduler.policies.poweroff.PowerOffPolicy;
import io.escheduler.policies.poweron.PowerOnConfig;
import io.escheduler.policies.poweron.PowerOnPolicy;
import io.escheduler.policies.rails.RailsConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the power policies as plain values: how often they plan, each policy's mode and settings, the
 * safety rails and the executor. A service maps its configuration onto this record (keys such as
 * {@code dvfs.window} under its own prefix); the simulator starts from {@link #DEFAULTS}, which come from
 * {@link PolicyDefaults} as the service's defaults do, and changes what a scenario varies. Each part checks its
 * values when built and names the key of a wrong one.
 *
 * @param interval how often the policies plan (and, enforced, act)
 * @param modes    every policy's mode
 * @param powerOn  its {@code cooldown} is the rails' ({@code rails.cooldown}): they must agree
 */
public record PolicySettings(Duration interval, Map<PolicyName, Mode> modes, PowerOnConfig powerOn, PowerOffConfig powerOff,
                             ConsolidationConfig consolidation, DvfsConfig dvfs, CappingConfig capping,
                             DvfsMigrationConfig dvfsMigration, CappingMigrationConfig cappingMigration, RailsConfig rails,
                             ExecutorConfig executor) {

    /** Every default of {@link PolicyDefaults}: every policy {@code dry-run}. */
    public static final PolicySettings DEFAULTS = new PolicySettings(PolicyDefaults.duration(PolicyDefaults.INTERVAL),
            every(Mode.ofWireName(PolicyDefaults.MODE).orElseThrow()), PowerOnConfig.DEFAULTS, PowerOffConfig.DEFAULTS,
            ConsolidationConfig.DEFAULTS, DvfsConfig.DEFAULTS, CappingConfig.DEFAULTS, DvfsMigrationConfig.DEFAULTS,
            CappingMigrationConfig.DEFAULTS, RailsConfig.DEFAULTS, ExecutorConfig.DEFAULTS);

    public PolicySettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        for (PolicyName name : PolicyName.values()) {
            if (modes.get(name) == null) {
                throw new IllegalArgumentException(name.wireName() + ".mode is missing");
            }
        }
        Map<PolicyName, Mode> copy = new EnumMap<>(PolicyName.class);
        copy.putAll(modes);
        modes = Collections.unmodifiableMap(copy);
        if (!powerOn.cooldown().equals(rails.cooldown())) {
            throw new IllegalArgumentException("power-on's cooldown (" + powerOn.cooldown() + ") must be rails.cooldown ("
                    + rails.cooldown() + "): it passes over the nodes the rails would refuse");
        }
    }

    /** {@code mode} for every policy. */
    public static Map<PolicyName, Mode> every(Mode mode) {
        Map<PolicyName, Mode> modes = new EnumMap<>(PolicyName.class);
        for (PolicyName name : PolicyName.values()) {
            modes.put(name, mode);
        }
        return modes;
    }

    /** These settings with {@code policy} in {@code mode}. */
    public PolicySettings withMode(PolicyName policy, Mode mode) {
        Map<PolicyName, Mode> next = new EnumMap<>(modes);
        next.put(policy, mode);
        return withModes(next);
    }

    /** These settings with {@code modes}, which names every policy. */
    public PolicySettings withModes(Map<PolicyName, Mode> modes) {
        return new PolicySettings(interval, modes, powerOn, powerOff, consolidation, dvfs, capping, dvfsMigration, cappingMigration,
                rails, executor);
    }

    /** These settings with {@code rails}, power-on's cooldown following {@code rails.cooldown}. */
    public PolicySettings withRails(RailsConfig rails) {
        return new PolicySettings(interval, modes, new PowerOnConfig(powerOn.bootTimeout(), rails.cooldown()), powerOff, consolidation,
                dvfs, capping, dvfsMigration, cappingMigration, rails, executor);
    }

    /** Whether some policy is {@code enforce}: something acts on the cluster. */
    public boolean enforces() {
        return modes.containsValue(Mode.ENFORCE);
    }

    /** Every policy, in {@link PolicyName} order (the order the rails see their plans in), whatever its mode. */
    public List<Policy> policies() {
        return List.of(new PowerOnPolicy(powerOn), new PowerOffPolicy(powerOff), new ConsolidationPolicy(consolidation, powerOff),
                new DvfsPolicy(dvfs), new CappingPolicy(capping), new DvfsMigrationPolicy(dvfsMigration),
                new CappingMigrationPolicy(cappingMigration));
    }
}
