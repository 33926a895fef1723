package io.escheduler.policies.model;

/**
 * What Prometheus says about a node (the exporter's series, {@code node} label = Node name), as the service reads it. A node has metrics
 * only when both its utilisation and its power are measured now; a node with one of them missing has none, like a node without an
 * exporter.
 *
 * @param utilisation     busy fraction of the node's CPUs, 0..1, over the last live rate window (three scrape
 *                        intervals): {@code rate(cpu_seconds_total{mode="busy"})} over busy + idle
 * @param peakUtilisation the highest such fraction over the DVFS window ({@code dvfs.window}),
 *                        at least {@code utilisation}: below a
 *                        threshold means below it for the whole window. NaN when Prometheus holds the node's
 *                        utilisation for less than half of that window (a new node, an exporter that was away):
 *                        every comparison with NaN is false, so such a node never counts as low for the window
 * @param powerWatts      node power over the last live rate window, the configured RAPL
 *                        domains (e.g. {@code package} and {@code dram}) summed
 * @param maxPowerWatts   the node's maximum power: its packages' TDP ({@code rapl_thermal_design_power_watts}, the
 *                        power they sustain and the highest long-term limit they accept) summed, else their maximum
 *                        power ({@code rapl_max_power_watts}, reached only in short bursts when the TDP is known, so not
 *                        the base of a percentage) summed; 0 when the exporter reports neither (the capping policies may
 *                        be given a value instead)
 * @param tdpWatts        its packages' TDP summed, the highest long-term (PL1) limit they accept; 0 when unknown
 */
public record NodeMetrics(double utilisation, double peakUtilisation, double powerWatts, double maxPowerWatts, double tdpWatts) {
}
