package io.escheduler.powermanager.source;

import io.escheduler.prometheus.PromQL;
import io.escheduler.prometheus.RateWindow;

import java.time.Duration;
import java.util.List;

/**
 * The five PromQL queries behind {@link io.escheduler.policies.model.NodeMetrics}, each one instant query
 * for every node at once, on the msr-exporter's series (docs/architecture.md, "Metrics"; {@code node} label = Node name):
 * <ul>
 *   <li>{@link #utilisation}: busy CPU time over busy + idle, {@code rate()} over the live rate window
 *   ({@link RateWindow#live}: three scrape intervals).</li>
 *   <li>{@link #peakUtilisation}: the highest of that over the DVFS window, a subquery one scrape interval apart,
 *   given only for nodes whose utilisation Prometheus holds at no fewer than half of the subquery's points, so
 *   that a node scraped for a minute does not pass for one that stayed low for the whole window.</li>
 *   <li>{@link #power}: {@code rate(rapl_energy_joules_total)} over the live window in the configured domains,
 *   summed by node; a node whose counters fell within the window is left out. The exporter's counters never
 *   decrease except when it restarts and loses its accumulated wraps, and {@code rate()} would read such a fall as a
 *   reset to zero and count the whole new counter value (up to hundreds of kilojoules) as energy: a spike of
 *   kilowatts that would make the capping policies cap a node for nothing.</li>
 *   <li>{@link #maxPower}: {@code rapl_max_power_watts} summed by node, and {@link #tdp}:
 *   {@code rapl_thermal_design_power_watts} summed by node (the exporter exports each only for packages that report
 *   it).</li>
 * </ul>
 */
record NodeMetricsQueries(String utilisation, String peakUtilisation, String power, String maxPower, String tdp) {

    /** Share of the peak's subquery points that must hold a value. */
    static final double MIN_PEAK_COVERAGE = 0.5;

    static NodeMetricsQueries of(Duration scrapeInterval, Duration dvfsWindow, List<String> domains) {
        Duration rateWindow = RateWindow.live(scrapeInterval);
        String range = "[" + PromQL.duration(rateWindow) + "]";
        String utilisation = "sum by (node) (rate(cpu_seconds_total{mode=\"busy\"}" + range + "))"
                + " / sum by (node) (rate(cpu_seconds_total{mode=~\"busy|idle\"}" + range + "))";
        String subquery = "(" + utilisation + ")[" + PromQL.duration(dvfsWindow) + ":" + PromQL.duration(scrapeInterval) + "]";
        long points = Math.max(1, dvfsWindow.toMillis() / Math.max(1, scrapeInterval.toMillis()));
        long needed = Math.max(1, (long) Math.ceil(points * MIN_PEAK_COVERAGE));
        String peak = "max_over_time(" + subquery + ") and on (node) (count_over_time(" + subquery + ") >= " + needed + ")";
        String energy = "rapl_energy_joules_total{domain=~" + PromQL.anyOf(domains) + "}";
        String power = "sum by (node) (rate(" + energy + range + "))"
                + " unless on (node) (sum by (node) (resets(" + energy + range + ")) > 0)";
        return new NodeMetricsQueries(utilisation, peak, power, "sum by (node) (rapl_max_power_watts)",
                "sum by (node) (rapl_thermal_design_power_watts)");
    }
}
