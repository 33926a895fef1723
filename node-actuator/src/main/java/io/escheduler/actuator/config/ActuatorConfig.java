package io.escheduler.actuator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the node actuator ({@code node-actuator.*}; environment variables {@code NODE_ACTUATOR_*}). */
@ConfigMapping(prefix = "node-actuator")
public interface ActuatorConfig {

    /** The Kubernetes Node this agent controls and annotates; default: the host name. */
    Optional<String> nodeName();

    /** Root of sysfs (cpufreq, powercap, topology). */
    @WithDefault("/sys")
    Path sysfsRoot();

    /** Root of procfs ({@code cpuinfo}, {@code sys/kernel/hostname}). */
    @WithDefault("/proc")
    Path procfsRoot();

    /** MSR device path with {@code %d} for the CPU, used for power limits when powercap is absent. */
    @WithName("interface")
    @WithDefault("/dev/cpu/%d/msr")
    String devicePattern();

    /** Where package power limits are written: {@code auto} = powercap when it has package constraints, else MSR 0x610. */
    @WithDefault("auto")
    PowerLimitInterface powerLimitInterface();

    /**
     * The state file: the node's baseline (captured the first time the agent meets the node) and
     * the changes in force with their expiry. Keep it on the node across restarts (a hostPath).
     */
    @WithDefault("/var/lib/escheduler/node-actuator/state.json")
    Path stateFile();

    /** Put every changed setting back to the baseline when the agent stops (SIGTERM). */
    @WithDefault("true")
    boolean restoreOnShutdown();

    /** Longest {@code ttlSeconds} a request may ask for. */
    @WithDefault("P7D")
    Duration maxTtl();

    Auth auth();

    Annotations annotations();

    /** Power-limit interfaces. */
    enum PowerLimitInterface {
        AUTO, POWERCAP, MSR, NONE
    }

    /** Who may change this node. */
    interface Auth {

        /** {@code token-review}: Kubernetes TokenReview plus an allow-list; {@code token-file}: static tokens (outside Kubernetes). */
        @WithDefault("token-review")
        Mode mode();

        /**
         * Service accounts allowed to change the node ({@code token-review} mode), as
         * {@code namespace:name} or {@code system:serviceaccount:namespace:name}.
         */
        @WithDefault("escheduler:scheduler-extender,escheduler:power-manager")
        List<String> allowedServiceAccounts();

        /**
         * The audiences a caller's token must be for ({@code token-review} mode): sent in the TokenReview's
         * {@code spec.audiences}, and the API server's answer must name one of them. Callers present a projected
         * service-account token made for {@code node-actuator}, which the API server itself does not accept, and a
         * token made for the API server is refused here. To accept both during an upgrade, add the API server's
         * audience (its {@code --api-audiences}, by default its issuer, e.g.
         * {@code https://kubernetes.default.svc.cluster.local}).
         */
        @WithDefault("node-actuator")
        List<String> audiences();

        /** {@code token-file} mode: one token per line, optionally followed by a name for the logs; {@code #} starts a comment. */
        Optional<Path> tokenFile();

        /** How long a TokenReview answer is reused for the same token. */
        @WithDefault("60s")
        Duration cacheTtl();

        /** Authentication modes. */
        enum Mode {
            TOKEN_REVIEW, TOKEN_FILE
        }
    }

    /** The node annotations this agent publishes ({@code energy.escheduler.io/*}). */
    interface Annotations {

        /** Publish the state as Node annotations (needs a Kubernetes API server). */
        @WithDefault("true")
        boolean enabled();

        /** Delay before trying again when the API server refused or was unreachable. */
        @WithDefault("30s")
        Duration retryInterval();
    }
}
