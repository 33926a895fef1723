package io.escheduler.extender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the scheduler extender ({@code scheduler-extender.*}; environment variables {@code SCHEDULER_EXTENDER_*}). */
@ConfigMapping(prefix = "scheduler-extender")
public interface ExtenderConfig {

    /** Pod label naming the program a pod runs (docs/architecture.md, "Kubernetes vocabulary"). */
    @WithDefault("energy.escheduler.io/program")
    String programLabel();

    /** Pod annotation opting in to energy-aware placement when its value is {@code "true"}. */
    @WithDefault("energy.escheduler.io/energy-aware")
    String energyAwareAnnotation();

    /** Node label naming a node's computing system; a node without it is a system of its own. */
    @WithDefault("energy.escheduler.io/system")
    String systemLabel();

    /** Informer resync period of the Node (and actuator pod) caches. */
    @WithDefault("10m")
    Duration resync();

    Analyzer analyzer();

    Actuator actuator();

    Bind bind();

    /** The energy-analyzer's placement API. */
    interface Analyzer {

        /** Base URL of the energy-analyzer. */
        @WithDefault("http://energy-analyzer.escheduler.svc:9865")
        String url();

        /** Connect and read timeout of one placement request; past it the pod is scored without energy (neutral). */
        @WithDefault("500ms")
        Duration timeout();

        /** How long a program's placement answer is reused. */
        @WithDefault("30s")
        Duration cacheTtl();

        /**
         * File holding the bearer token sent with placement requests, needed when the analyzer's reads need a token
         * ({@code energy-analyzer.auth.reads=token}); read again whenever it changes. Unset: no token is sent.
         */
        Optional<Path> tokenFile();
    }

    /** How a node's actuator is reached to restore it before a bind. */
    interface Actuator {

        /** {@code pods}: the actuator pod on the node, found by an informer, at its pod IP; {@code url-template}: {@link #urlTemplate()}. */
        @WithDefault("pods")
        Discovery discovery();

        /** Namespace of the actuator pods ({@code pods} discovery). */
        @WithDefault("escheduler")
        String namespace();

        /** Label selector of the actuator pods ({@code pods} discovery). */
        @WithDefault("app.kubernetes.io/name=node-actuator")
        String selector();

        /** Port of the actuator's API on its pod IP ({@code pods} discovery). */
        @WithDefault("9864")
        int port();

        /** Base URL of a node's actuator ({@code url-template} discovery); {@code {node}} is replaced by the node name. */
        @WithDefault("http://{node}:9864")
        String urlTemplate();

        /**
         * File holding the bearer token sent to the actuator; read again whenever it changes (projected tokens rotate).
         * In a pod: a projected service-account token made for the audience {@code node-actuator}, the only audience
         * the actuators accept by default.
         */
        @WithDefault("/var/run/secrets/escheduler.io/node-actuator/token")
        Path tokenFile();

        /** Connect and read timeout of one restore request (the actuator writes and reads back every CPU and package). */
        @WithDefault("3s")
        Duration timeout();
    }

    /** Bind verb. */
    interface Bind {

        /**
         * After a restore that the actuator's read-back confirmed, also wait up to this long for the Node's
         * {@code throttled} annotation in the informer cache to say {@code false}; {@code 0s} does not wait.
         * When the wait runs out the bind fails (the scheduler retries the pod).
         */
        @WithDefault("0s")
        Duration awaitAnnotation();
    }

    /** How actuators are found. */
    enum Discovery {
        PODS, URL_TEMPLATE
    }
}
