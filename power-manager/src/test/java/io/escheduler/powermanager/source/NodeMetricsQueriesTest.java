package io.escheduler.powermanager.source;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queries as Prometheus receives them (NodeMetricsSourceTest runs them against a real one). */
class NodeMetricsQueriesTest {

    private final NodeMetricsQueries defaults = NodeMetricsQueries.of(Duration.ofSeconds(15), Duration.ofMinutes(5), List.of("package", "dram"));

    @Test
    void utilisationIsBusyOverBusyAndIdleOverThreeScrapeIntervals() {
        assertThat(defaults.utilisation()).isEqualTo("sum by (node) (rate(cpu_seconds_total{mode=\"busy\"}[45000ms]))"
                + " / sum by (node) (rate(cpu_seconds_total{mode=~\"busy|idle\"}[45000ms]))");
    }

    @Test
    void thePeakIsASubqueryOverTheDvfsWindowThatMustCoverHalfOfIt() {
        String subquery = "(" + defaults.utilisation() + ")[300000ms:15000ms]";
        assertThat(defaults.peakUtilisation()).isEqualTo("max_over_time(" + subquery + ") and on (node) (count_over_time(" + subquery
                + ") >= 10)");
        assertThat(NodeMetricsQueries.of(Duration.ofSeconds(1), Duration.ofSeconds(5), List.of("package")).peakUtilisation())
                .as("5 points: 3 needed").endsWith(">= 3)");
        assertThat(NodeMetricsQueries.of(Duration.ofSeconds(15), Duration.ofSeconds(5), List.of("package")).peakUtilisation())
                .as("a window under one step: its one point").endsWith(">= 1)");
    }

    @Test
    void powerSumsTheConfiguredDomainsAndDropsNodesWhoseCountersFell() {
        String energy = "rapl_energy_joules_total{domain=~\"dram|package\"}[45000ms]";
        assertThat(defaults.power()).isEqualTo("sum by (node) (rate(" + energy + ")) unless on (node) (sum by (node) (resets(" + energy
                + ")) > 0)");
    }

    @Test
    void maxPowerAndTdpAreThePackagesSums() {
        assertThat(defaults.maxPower()).isEqualTo("sum by (node) (rapl_max_power_watts)");
        assertThat(defaults.tdp()).isEqualTo("sum by (node) (rapl_thermal_design_power_watts)");
    }
}
