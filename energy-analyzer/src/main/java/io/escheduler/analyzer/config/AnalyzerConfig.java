package io.escheduler.analyzer.config;

import io.escheduler.prometheus.PrometheusSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the energy analyzer ({@code energy-analyzer.*}; environment variables {@code ENERGY_ANALYZER_*}). */
@ConfigMapping(prefix = "energy-analyzer")
public interface AnalyzerConfig {

    PrometheusSettings prometheus();

    Profiles profiles();

    Auth auth();

    Systems systems();

    Kubernetes kubernetes();

    Placement placement();

    /** How run profiles are computed and retried. */
    interface Profiles {

        /** Resolution of the power curve: one power sample per step. */
        @WithDefault("15s")
        Duration step();

        /** How long after a run's end its data is expected to be in Prometheus (scrape interval plus margin). */
        @WithDefault("30s")
        Duration settle();

        /** First retry delay when Prometheus is away or lacks the data; doubles on each attempt. */
        @WithDefault("30s")
        Duration retryInitial();

        /** Longest retry delay. */
        @WithDefault("30m")
        Duration retryMax();

        /** A run whose data has not come within this long after its end is marked failed (Prometheus retention). */
        @WithDefault("P14D")
        Duration giveUpAfter();

        /** How often pending runs are looked at. */
        @WithDefault("5s")
        Duration pollInterval();
    }

    /**
     * Who may call the API (docs/energy-analyzer.md, "Authentication"): every call that changes state needs a bearer
     * token; reads need one only with {@code reads=token}.
     */
    interface Auth {

        /**
         * {@code token-review}: Kubernetes TokenReview plus the allow-lists below; {@code token-file}: the tokens of
         * {@link #tokenFile()}. Unset: {@code token-review} when {@code energy-analyzer.kubernetes.enabled}, else
         * {@code token-file}.
         */
        Optional<Mode> mode();

        /**
         * Service accounts that may change state ({@code POST /v1/runs}), and read when reads need a token, as
         * {@code namespace:name} or {@code system:serviceaccount:namespace:name} ({@code token-review} mode).
         */
        @WithDefault("escheduler:run-reporter")
        List<String> writerServiceAccounts();

        /** {@code open}: reads (placement, programs, reports) need no token; {@code token}: they need one too. */
        @WithDefault("open")
        Reads reads();

        /** Service accounts that may read when {@code reads=token}, besides the writers ({@code token-review} mode). */
        @WithDefault("escheduler:scheduler-extender")
        List<String> readerServiceAccounts();

        /**
         * {@code token-file} mode: one token per line, optionally followed by a name for the logs; {@code #} starts a
         * comment; read again when it changes. Every token in it may read and write.
         */
        Optional<Path> tokenFile();

        /** How long a TokenReview answer is reused for the same token. */
        @WithDefault("60s")
        Duration cacheTtl();

        /**
         * The audiences a caller's token must be made for ({@code token-review} mode): sent in the TokenReview's
         * {@code spec.audiences}, and the API server's answer must name one. Callers present a service-account token
         * made for {@code energy-analyzer} ({@code kubectl create token ... --audience energy-analyzer}, or a projected
         * token), which the API server itself does not accept; a token made for the API server is refused here.
         */
        @WithDefault("energy-analyzer")
        List<String> audiences();

        /** Authentication modes. */
        enum Mode {
            TOKEN_REVIEW, TOKEN_FILE
        }

        /** Whether reads need a token. */
        enum Reads {
            OPEN, TOKEN
        }
    }

    /** Which nodes make up which computing system. */
    interface Systems {

        /** Node label naming a node's system (Kubernetes). */
        @WithDefault("energy.escheduler.io/system")
        String nodeLabel();

        /**
         * System name → its nodes, e.g. {@code energy-analyzer.systems.members.cluster-a=n1,n2}: the nodes of an HPC
         * site outside Kubernetes. Written at every start, in Kubernetes mode too, where a node listed here keeps this
         * system whatever its label says. A node may be listed under one system only.
         */
        Map<String, List<String>> members();
    }

    /** Run discovery from finished pods. */
    interface Kubernetes {

        /** Watch pods labelled {@code energy.escheduler.io/program} and Nodes (needs the API server). */
        @WithDefault("true")
        boolean enabled();

        /** Pod label naming the program a pod runs; only pods that carry it are watched. */
        @WithDefault("energy.escheduler.io/program")
        String programLabel();

        /**
         * How often the informers hand every cached Node and pod to the analyzer again: a node move or a pod record
         * that failed (database away) is retried then at the latest.
         */
        @WithDefault("10m")
        Duration resync();

        /** First delay before recording a finished pod again after a failure; doubles on each attempt. */
        @WithDefault("5s")
        Duration retryInitial();

        /** Longest delay between two attempts to record a finished pod. */
        @WithDefault("5m")
        Duration retryMax();
    }

    /** Placement answers. */
    interface Placement {

        /**
         * Memory for recent placement answers (the JSON, by program and query), each reused until a run of that
         * program completes or a system is added; 0 turns the cache off.
         */
        @WithDefault("32M")
        MemorySize cacheSize();
    }
}
