package io.escheduler.analyzer.policies.model;

/**
 * What Prometheus says about a node (the exporter's series, {@code node} label = Node name).
 *
 * @param utilisation     busy fraction of the node's CPUs, 0..1, over the last rate window (two scrape intervals):
 *                        {@code rate(cpu_seconds_total{mode="busy"})} over busy + idle
 * @param peakUtilisation the highest such fraction over the DVFS window
 *                        ({@code energy-analyzer.policies.dvfs.window}): below a threshold means below it for the
 *                        whole window
 * @param powerWatts      node power over the last rate window, the RAPL domains of
 *                        {@code energy-analyzer.prometheus.domains} summed
 * @param maxPowerWatts   the node's maximum power: its packages' {@code rapl_thermal_design_power_watts} summed;
 *                        0 when unknown (the capping policies may be given a value instead)
 */
public record NodeMetrics(double utilisation, double peakUtilisation, double powerWatts, double maxPowerWatts) {
}
