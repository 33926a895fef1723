package io.escheduler.powermanager.config;

import io.escheduler.policies.Mode;
import io.escheduler.policies.PolicyDefaults;
import io.escheduler.powermanager.power.PowerConfig;
import io.escheduler.prometheus.PrometheusSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of power-manager ({@code power-manager.*}; environment variables {@code POWER_MANAGER_*}; docs/power-manager.md).
 * The seven power policies of seed 2 are each {@code off}, {@code dry-run} (plans only: the default) or {@code enforce}.
 * Their defaults are power-policies' {@link PolicyDefaults}, which the simulator reads too; {@code PolicySettingsMapping}
 * turns these keys into its {@code PolicySettings}.
 */
@ConfigMapping(prefix = "power-manager")
public interface PowerManagerConfig {

    PrometheusSettings prometheus();

    PowerOn powerOn();

    PowerOff powerOff();

    Consolidation consolidation();

    Dvfs dvfs();

    Capping capping();

    DvfsMigration dvfsMigration();

    CappingMigration cappingMigration();

    Rails rails();

    /** How often the policies plan (and, in {@code enforce}, act). */
    @WithDefault(PolicyDefaults.INTERVAL)
    Duration interval();

    /**
     * Also write each policy's latest plan to {@code <directory>/<policy>.json} after every cycle (the seed wrote its
     * plans to files for another tool); unset: only {@code GET /v1/plans/{policy}} serves them.
     */
    Optional<Path> planDirectory();

    Executor executor();

    Actuator actuator();

    LeaderElection leaderElection();

    /** Pending pods refused for lack of resources → power on the fewest powered-off nodes that hold them. */
    interface PowerOn {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /**
         * A node powered on this long ago and still not Ready no longer counts as capacity on its way; the executor
         * reports it (Event, audit, metric) and annotates it {@code energy.escheduler.io/power-on-failed}, and no
         * policy powers it on again until that annotation is removed.
         */
        @WithDefault(PolicyDefaults.POWER_ON_BOOT_TIMEOUT)
        Duration bootTimeout();
    }

    /** Nodes without workload pods (DaemonSet and static pods do not count) → power off. */
    interface PowerOff {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /** How long a node must have run no workload. */
        @WithDefault(PolicyDefaults.POWER_OFF_GRACE_PERIOD)
        Duration gracePeriod();
    }

    /** The nodes with the fewest pods → move their pods elsewhere, power them off. */
    interface Consolidation {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /** Nodes emptied per plan (the seed's {@code num}). */
        @WithDefault(PolicyDefaults.CONSOLIDATION_NUM)
        int num();

        /**
         * How many times a node's allocatable the other nodes must keep free once they hold its pods (0: pack as
         * tightly as the pods fit, the seed's rule).
         */
        @WithDefault(PolicyDefaults.CONSOLIDATION_SPARE_NODES)
        int spareNodes();
    }

    /** Low CPU utilisation → lower the frequency ceiling; high → restore it. */
    interface Dvfs {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /** Lower the ceiling when utilisation stayed under this percentage for the whole window. */
        @WithDefault(PolicyDefaults.DVFS_LOWER_BELOW_PERCENT)
        double lowerBelowPercent();

        /** Restore it when utilisation is above this percentage. */
        @WithDefault(PolicyDefaults.DVFS_RESTORE_ABOVE_PERCENT)
        double restoreAbovePercent();

        /** How long utilisation must stay low. */
        @WithDefault(PolicyDefaults.DVFS_WINDOW)
        Duration window();

        /** The ceiling to set: {@code min} or a frequency in kHz. */
        @WithDefault(PolicyDefaults.DVFS_TARGET)
        String target();
    }

    /** Power above a percentage of the node's maximum → set a power limit; below a lower one → lift it. */
    interface Capping {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /** Cap when power exceeds this percentage of the node's maximum. */
        @WithDefault(PolicyDefaults.CAPPING_ABOVE_PERCENT)
        double abovePercent();

        /** The limit set, as a percentage of the maximum. */
        @WithDefault(PolicyDefaults.CAPPING_LIMIT_PERCENT)
        double limitPercent();

        /** Lift the cap when power is under this percentage of the maximum. */
        @WithDefault(PolicyDefaults.CAPPING_LIFT_BELOW_PERCENT)
        double liftBelowPercent();

        /**
         * The maximum power in watts of a node whose exporter reports neither its packages' TDP
         * ({@code rapl_thermal_design_power_watts}, used first) nor their maximum power ({@code rapl_max_power_watts});
         * 0: none, such a node is not capped.
         */
        @WithDefault(PolicyDefaults.CAPPING_MAX_POWER_WATTS)
        double maxPowerWatts();
    }

    /** CPU utilisation above a threshold → shed pods to the least-utilised nodes, some idle nodes kept in reserve. */
    interface DvfsMigration {

        @WithDefault(PolicyDefaults.MODE)
        Mode mode();

        /** Shed pods while projected utilisation is above this percentage. */
        @WithDefault(PolicyDefaults.DVFS_MIGRATION_ABOVE_PERCENT)
        double abovePercent();

        /** Idle nodes kept idle (never targets). */
        @WithDefault(PolicyDefaults.DVFS_MIGRATION_RESERVE)
        int reserve();
    }

    /**
     * Power above the capping threshold → shed {@code num} pods first, cap if still above after the settle time.
     * Mode and thresholds as {@link Capping}'s, under this policy's own keys.
     */
    interface CappingMigration extends Capping {

        /** Pods shed first (the seed's {@code num}). */
        @WithDefault(PolicyDefaults.CAPPING_MIGRATION_NUM)
        int num();

        /** Wait this long after a shed before capping a node still above. */
        @WithDefault(PolicyDefaults.CAPPING_MIGRATION_SETTLE)
        Duration settle();

        /** A shed older than this no longer counts: the node sheds again first. */
        @WithDefault(PolicyDefaults.CAPPING_MIGRATION_SHED_VALID_FOR)
        Duration shedValidFor();
    }

    /** Safety rails applied once to every policy's plan before anything is done. */
    interface Rails {

        /** No second action of the same kind (power, placement, cpufreq, power limit) on a node within this. */
        @WithDefault(PolicyDefaults.RAILS_COOLDOWN)
        Duration cooldown();

        /** Never power off a node when fewer than this many would stay on. */
        @WithDefault(PolicyDefaults.RAILS_MIN_NODES_ON)
        int minNodesOn();

        /** At most this many node changes per interval, all policies together. */
        @WithDefault(PolicyDefaults.RAILS_MAX_CHANGES)
        int maxChanges();

        /** The window of max-changes. */
        @WithDefault(PolicyDefaults.RAILS_INTERVAL)
        Duration interval();

        /**
         * After a failed power action or actuator change on a node (driver or actuator error, drain or command
         * timeout), the same control on that node is not tried again for this long, doubled with each further
         * failure in a row; a success ends the series.
         */
        @WithDefault(PolicyDefaults.RAILS_FAILURE_BACKOFF)
        Duration failureBackoff();

        /**
         * After this many failures in a row of one control on a node, the executor annotates the node
         * {@code energy.escheduler.io/<power|cpufreq|power-limit>-failed} and no policy tries that control on it
         * again until an operator removes the annotation.
         */
        @WithDefault(PolicyDefaults.RAILS_MAX_FAILURES)
        int maxFailures();
    }

    /** How enforced plans are carried out. */
    interface Executor {

        /**
         * Before a power-off, wait at most this long for the node's evicted pods to be gone (DaemonSet and static
         * pods stay); past it the power-off is abandoned and the node uncordoned.
         */
        @WithDefault(PolicyDefaults.EXECUTOR_DRAIN_TIMEOUT)
        Duration drainTimeout();

        /**
         * A migration's source node is uncordoned once its evicted pods are gone, or after this long at the
         * latest.
         */
        @WithDefault(PolicyDefaults.EXECUTOR_UNCORDON_AFTER)
        Duration uncordonAfter();
    }

    /** How the policies reach a node's node-actuator (CPU ceilings, power limits). */
    interface Actuator {

        /** {@code pods}: the actuator pod on the node, at its pod IP; {@code url-template}: {@link #urlTemplate()}. */
        @WithDefault("pods")
        ActuatorDiscovery discovery();

        /** Namespace of the actuator pods ({@code pods} discovery). */
        @WithDefault("escheduler")
        String namespace();

        /** Labels of the actuator pods, {@code key=value[,key=value]} ({@code pods} discovery). */
        @WithDefault("app.kubernetes.io/name=node-actuator")
        String selector();

        /** Port of the actuator's API on its pod IP ({@code pods} discovery). */
        @WithDefault("9864")
        int port();

        /** Base URL of a node's actuator ({@code url-template} discovery); {@code {node}} is the node name. */
        @WithDefault("http://{node}:9864")
        String urlTemplate();

        /** File holding the bearer token sent to actuators (the projected service-account token in a pod). */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
        Path tokenFile();

        /** Connect and read timeout of one actuator request. */
        @WithDefault("5s")
        Duration timeout();
    }

    /** {@code pods} or {@code url-template}. */
    enum ActuatorDiscovery {
        PODS, URL_TEMPLATE
    }

    /**
     * Only one replica acts: the holder of a coordination.k8s.io Lease. The others plan (their
     * {@code GET /v1/plans} answers) but never act.
     */
    interface LeaderElection {

        /** Off only for a single replica outside Kubernetes' reach of a Lease (it then always acts). */
        @WithDefault("true")
        boolean enabled();

        /** Namespace of the Lease; unset: power-manager's own namespace (its service account's). */
        Optional<String> namespace();

        @WithDefault("power-manager")
        String leaseName();

        /** This replica's identity in the Lease; unset: the pod name ({@code HOSTNAME}) and a random suffix. */
        Optional<String> identity();

        /** How long a Lease holds without renewal: a dead leader's successor waits at most this long. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** The leader stops acting when it could not renew for this long (shorter than the lease duration). */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to take the Lease and the leader renews it. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    /** How nodes are switched on and off: the power drivers and their groups (docs/power-manager.md, "Power drivers"). */
    PowerConfig power();
}
