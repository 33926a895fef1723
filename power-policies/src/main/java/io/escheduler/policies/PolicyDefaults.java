package io.escheduler.policies;

import java.time.Duration;
import java.util.Locale;

/**
 * The one place every default of the power policies is written, in the form a configuration file takes
 * ({@code 10m}, {@code 20}, {@code dry-run}): the service's {@code @ConfigMapping} names these constants in its
 * {@code @WithDefault}s (so its documentation table shows them), and the records' {@code DEFAULTS}
 * ({@link PolicySettings#DEFAULTS}, which the simulator starts from) are parsed from them. Change a default here and
 * both follow.
 *
 * <p>Keys are relative to the service's prefix for the policies, e.g. {@code dvfs.window}.
 */
public final class PolicyDefaults {

    /** Every policy's {@code mode}: plan only. */
    public static final String MODE = "dry-run";
    /** {@code interval}: how often the policies plan (and, enforced, act). */
    public static final String INTERVAL = "30s";

    /** {@code power-on.boot-timeout}. */
    public static final String POWER_ON_BOOT_TIMEOUT = "10m";
    /** {@code power-off.grace-period} (Cluster Autoscaler's 10 minutes). */
    public static final String POWER_OFF_GRACE_PERIOD = "10m";
    /** {@code consolidation.num}. */
    public static final String CONSOLIDATION_NUM = "1";
    /**
     * {@code consolidation.spare-nodes}: chosen by the simulator's sweep (docs/simulator.md, "Defaults"); with 0 the HPC
     * reference cluster cycled its nodes three times a day.
     */
    public static final String CONSOLIDATION_SPARE_NODES = "3";

    /** {@code dvfs.lower-below-percent}. */
    public static final String DVFS_LOWER_BELOW_PERCENT = "20";
    /** {@code dvfs.restore-above-percent}. */
    public static final String DVFS_RESTORE_ABOVE_PERCENT = "60";
    /** {@code dvfs.window}. */
    public static final String DVFS_WINDOW = "5m";
    /** {@code dvfs.target}. */
    public static final String DVFS_TARGET = "min";

    /** {@code capping.above-percent} and {@code capping-migration.above-percent}. */
    public static final String CAPPING_ABOVE_PERCENT = "90";
    /** {@code capping.limit-percent} and {@code capping-migration.limit-percent}. */
    public static final String CAPPING_LIMIT_PERCENT = "80";
    /** {@code capping.lift-below-percent} and {@code capping-migration.lift-below-percent}. */
    public static final String CAPPING_LIFT_BELOW_PERCENT = "60";
    /** {@code capping.max-power-watts} and {@code capping-migration.max-power-watts}: none. */
    public static final String CAPPING_MAX_POWER_WATTS = "0";

    /** {@code dvfs-migration.above-percent}. */
    public static final String DVFS_MIGRATION_ABOVE_PERCENT = "80";
    /** {@code dvfs-migration.reserve}. */
    public static final String DVFS_MIGRATION_RESERVE = "1";

    /** {@code capping-migration.num}. */
    public static final String CAPPING_MIGRATION_NUM = "2";
    /** {@code capping-migration.settle}. */
    public static final String CAPPING_MIGRATION_SETTLE = "2m";
    /** {@code capping-migration.shed-valid-for}. */
    public static final String CAPPING_MIGRATION_SHED_VALID_FOR = "10m";

    /** {@code rails.cooldown}. */
    public static final String RAILS_COOLDOWN = "10m";
    /** {@code rails.min-nodes-on}. */
    public static final String RAILS_MIN_NODES_ON = "1";
    /** {@code rails.max-changes}. */
    public static final String RAILS_MAX_CHANGES = "10";
    /** {@code rails.interval}. */
    public static final String RAILS_INTERVAL = "5m";
    /** {@code rails.failure-backoff}. */
    public static final String RAILS_FAILURE_BACKOFF = "2m";
    /** {@code rails.max-failures}. */
    public static final String RAILS_MAX_FAILURES = "3";

    /** {@code executor.drain-timeout}. */
    public static final String EXECUTOR_DRAIN_TIMEOUT = "5m";
    /** {@code executor.uncordon-after}. */
    public static final String EXECUTOR_UNCORDON_AFTER = "10m";

    private PolicyDefaults() {
    }

    /**
     * A duration as these defaults write it: a number and a unit {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} ({@code 10m}), as MicroProfile Config reads it in the service.
     */
    public static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        int unit = 0;
        while (unit < v.length() && Character.isDigit(v.charAt(unit))) {
            unit++;
        }
        if (unit == 0) {
            throw new IllegalArgumentException("not a duration (a number and ms, s, m, h or d): " + value);
        }
        long amount = Long.parseLong(v.substring(0, unit));
        return switch (v.substring(unit)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration (a number and ms, s, m, h or d): " + value);
        };
    }

    /** A number of these defaults ({@code 20}, {@code 0}). */
    public static double number(String value) {
        return Double.parseDouble(value);
    }

    /** A whole number of these defaults ({@code 1}). */
    public static int count(String value) {
        return Integer.parseInt(value);
    }
}
