package io.escheduler.simulator.policy;

import io.escheduler.policies.Mode;
import io.escheduler.policies.PolicyDefaults;
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
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.input.InputError;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The policies' settings of a run, in the service's own keys (relative to its prefix, e.g.
 * {@code dvfs.lower-below-percent}) with the library's defaults ({@link PolicyDefaults}, the service's too): a cluster
 * file's {@code policies:} over them, and a policy set's modes. A wrong key or value is an {@link InputError} on its
 * line, in the library's own words.
 */
public final class Settings {

    /**
     * The seed's original thresholds, the {@code seed} set: what the project shipped before the simulator's sweep chose
     * its defaults (docs/simulator.md, "Defaults").
     */
    public static final Map<String, String> SEED = Map.ofEntries(
            Map.entry("dvfs.lower-below-percent", "20"), Map.entry("dvfs.restore-above-percent", "60"), Map.entry("dvfs.window", "5m"),
            Map.entry("dvfs.target", "min"), Map.entry("capping.above-percent", "90"), Map.entry("capping.limit-percent", "80"),
            Map.entry("capping.lift-below-percent", "60"), Map.entry("power-off.grace-period", "10m"), Map.entry("consolidation.num", "1"),
            Map.entry("consolidation.spare-nodes", "0"), Map.entry("dvfs-migration.reserve", "1"));

    /** Every key, in the service's form. */
    public static final Set<String> KEYS = new TreeSet<>(List.of("interval", "power-on.boot-timeout", "power-off.grace-period",
            "consolidation.num", "consolidation.spare-nodes", "dvfs.lower-below-percent", "dvfs.restore-above-percent", "dvfs.window", "dvfs.target",
            "capping.above-percent", "capping.limit-percent", "capping.lift-below-percent", "capping.max-power-watts",
            "dvfs-migration.above-percent", "dvfs-migration.reserve", "capping-migration.above-percent", "capping-migration.limit-percent",
            "capping-migration.lift-below-percent", "capping-migration.max-power-watts", "capping-migration.num", "capping-migration.settle",
            "capping-migration.shed-valid-for", "rails.cooldown", "rails.min-nodes-on", "rails.max-changes", "rails.interval",
            "rails.failure-backoff", "rails.max-failures", "executor.drain-timeout", "executor.uncordon-after"));

    private Settings() {
    }

    /**
     * The settings of {@code cluster} for a run of {@code enforced} (every other policy {@code off}), with
     * {@code overrides} (e.g. {@link #SEED}, or a sweep's values) over the cluster file's over the defaults.
     */
    public static PolicySettings of(ClusterSpec cluster, List<String> enforced, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(cluster.policySettings());
        values.putAll(overrides);
        Map<String, Integer> lines = new HashMap<>(cluster.policyLines());
        overrides.keySet().forEach(lines::remove);
        Reader r = new Reader(cluster.file(), values, lines);
        for (String key : values.keySet()) {
            if (!KEYS.contains(key) && !key.endsWith(".mode")) {
                throw r.error(key, "unknown policy setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
            if (key.endsWith(".mode")) {
                throw r.error(key, "'" + key + "': a run's modes come from --policies (each policy in the set is enforce, the others off)");
            }
        }
        try {
            Duration cooldown = r.duration("rails.cooldown", PolicyDefaults.RAILS_COOLDOWN);
            CappingThresholds capping = r.thresholds("capping");
            CappingThresholds migration = r.thresholds("capping-migration");
            RailsConfig rails = r.rails(cooldown);
            Map<PolicyName, Mode> modes = PolicySettings.every(Mode.OFF);
            for (String p : enforced) {
                modes.put(PolicyName.ofWireName(p).orElseThrow(), Mode.ENFORCE);
            }
            return new PolicySettings(r.duration("interval", PolicyDefaults.INTERVAL), modes,
                    r.build("power-on.boot-timeout", () -> new PowerOnConfig(r.duration("power-on.boot-timeout", PolicyDefaults.POWER_ON_BOOT_TIMEOUT), cooldown)),
                    r.build("power-off.grace-period", () -> new PowerOffConfig(r.duration("power-off.grace-period", PolicyDefaults.POWER_OFF_GRACE_PERIOD))),
                    r.build("consolidation.num", () -> new ConsolidationConfig(r.count("consolidation.num", PolicyDefaults.CONSOLIDATION_NUM),
                            r.count("consolidation.spare-nodes", PolicyDefaults.CONSOLIDATION_SPARE_NODES))),
                    r.build("dvfs.lower-below-percent", () -> new DvfsConfig(r.number("dvfs.lower-below-percent", PolicyDefaults.DVFS_LOWER_BELOW_PERCENT),
                            r.number("dvfs.restore-above-percent", PolicyDefaults.DVFS_RESTORE_ABOVE_PERCENT),
                            r.duration("dvfs.window", PolicyDefaults.DVFS_WINDOW), r.text("dvfs.target", PolicyDefaults.DVFS_TARGET))),
                    new CappingConfig(capping),
                    r.build("dvfs-migration.above-percent", () -> new DvfsMigrationConfig(r.number("dvfs-migration.above-percent",
                            PolicyDefaults.DVFS_MIGRATION_ABOVE_PERCENT), r.count("dvfs-migration.reserve", PolicyDefaults.DVFS_MIGRATION_RESERVE))),
                    r.build("capping-migration.num", () -> new CappingMigrationConfig(migration, r.count("capping-migration.num", PolicyDefaults.CAPPING_MIGRATION_NUM),
                            r.duration("capping-migration.settle", PolicyDefaults.CAPPING_MIGRATION_SETTLE),
                            r.duration("capping-migration.shed-valid-for", PolicyDefaults.CAPPING_MIGRATION_SHED_VALID_FOR))),
                    rails,
                    r.build("executor.drain-timeout", () -> new ExecutorConfig(r.duration("executor.drain-timeout", PolicyDefaults.EXECUTOR_DRAIN_TIMEOUT),
                            r.duration("executor.uncordon-after", PolicyDefaults.EXECUTOR_UNCORDON_AFTER))));
        } catch (IllegalArgumentException e) {
            throw new InputError(cluster.file(), 0, "policies: " + e.getMessage());
        }
    }

    /** Reads values by key with their defaults; an error names the key's line. */
    private record Reader(String file, Map<String, String> values, Map<String, Integer> lines) {

        InputError error(String key, String reason) {
            return new InputError(file, lines.getOrDefault(key, 0), reason);
        }

        String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        Duration duration(String key, String fallback) {
            try {
                return PolicyDefaults.duration(text(key, fallback));
            } catch (IllegalArgumentException e) {
                throw error(key, key + ": " + e.getMessage());
            }
        }

        double number(String key, String fallback) {
            try {
                return PolicyDefaults.number(text(key, fallback));
            } catch (NumberFormatException e) {
                throw error(key, key + " must be a number, got '" + text(key, fallback) + "'");
            }
        }

        int count(String key, String fallback) {
            try {
                return PolicyDefaults.count(text(key, fallback));
            } catch (NumberFormatException e) {
                throw error(key, key + " must be a whole number, got '" + text(key, fallback) + "'");
            }
        }

        <T> T build(String key, java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                String prefix = key.substring(0, key.indexOf('.'));
                String k = values.keySet().stream().filter(x -> x.startsWith(prefix + ".")).findFirst().orElse(key);
                throw error(k, e.getMessage());
            }
        }

        CappingThresholds thresholds(String prefix) {
            return build(prefix + ".above-percent", () -> new CappingThresholds(number(prefix + ".above-percent", PolicyDefaults.CAPPING_ABOVE_PERCENT),
                    number(prefix + ".limit-percent", PolicyDefaults.CAPPING_LIMIT_PERCENT),
                    number(prefix + ".lift-below-percent", PolicyDefaults.CAPPING_LIFT_BELOW_PERCENT),
                    number(prefix + ".max-power-watts", PolicyDefaults.CAPPING_MAX_POWER_WATTS)));
        }

        RailsConfig rails(Duration cooldown) {
            return build("rails.cooldown", () -> new RailsConfig(cooldown, count("rails.min-nodes-on", PolicyDefaults.RAILS_MIN_NODES_ON),
                    count("rails.max-changes", PolicyDefaults.RAILS_MAX_CHANGES), duration("rails.interval", PolicyDefaults.RAILS_INTERVAL),
                    duration("rails.failure-backoff", PolicyDefaults.RAILS_FAILURE_BACKOFF), count("rails.max-failures", PolicyDefaults.RAILS_MAX_FAILURES)));
        }
    }
}
