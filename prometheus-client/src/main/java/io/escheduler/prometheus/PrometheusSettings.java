package io.escheduler.prometheus;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * A service's Prometheus settings, the group {@code <service>.prometheus.*} of its own configuration mapping (e.g.
 * {@code energy-analyzer.prometheus.url}, {@code power-manager.prometheus.url}): where Prometheus is and what the
 * exporters' series there look like.
 */
public interface PrometheusSettings {

    /** Base URL of the Prometheus HTTP API (the one that scrapes msr-exporter). */
    @WithDefault("http://prometheus:9090")
    String url();

    /** Per-request timeout. */
    @WithDefault("10s")
    Duration timeout();

    /** RAPL domains whose power adds up to a node's power (the {@code domain} label of {@code rapl_energy_joules_total}). */
    @WithDefault("package,dram")
    List<String> domains();

    /**
     * How often Prometheus scrapes the exporters (their job's {@code scrape_interval}): no power curve takes a step
     * below it, a rate window spans at least two of it ({@link RateWindow}), and samples at a run's boundaries are looked
     * for within ten of it (at least a minute).
     */
    @WithDefault("15s")
    Duration scrapeInterval();

    /** This Prometheus for {@link PrometheusClient}, its requests counted under {@code meterPrefix} (e.g. {@code power.manager}). */
    default PrometheusEndpoint endpoint(String meterPrefix) {
        return new PrometheusEndpoint(url(), timeout(), meterPrefix);
    }
}
