package io.escheduler.analyzer.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Every setting of the energy analyzer ({@code energy-analyzer.*}; environment variables {@code ENERGY_ANALYZER_*}). */
@ConfigMapping(prefix = "energy-analyzer")
public interface AnalyzerConfig {

    Prometheus prometheus();

    Profiles profiles();

    Systems systems();

    Kubernetes kubernetes();

    Placement placement();

    /** Where node power comes from. */
    interface Prometheus {

        /** Base URL of the Prometheus HTTP API. */
        @WithDefault("http://prometheus:9090")
        String url();

        /** Per-request timeout. */
        @WithDefault("10s")
        Duration timeout();

        /** RAPL domains whose power adds up to a node's power (the {@code domain} label of {@code rapl_energy_joules_total}). */
        @WithDefault("package,dram")
        List<String> domains();

        /**
         * How often Prometheus scrapes the exporters (their job's {@code scrape_interval}). Profiles
         * never use a step below it, rate windows span at least two of it, and a run's boundary
         * samples are looked for within ten of it (at least a minute).
         */
        @WithDefault("15s")
        Duration scrapeInterval();
    }

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
