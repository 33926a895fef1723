package io.escheduler.simulator.report;

/**
 * What was simulated, for the report's header.
 *
 * @param baselineCpuUtilisation the baseline run's busy CPU time over the cluster's CPU time
 */
public record Scenario(String cluster, int nodes, String workload, long pods, double days, long seed, double intervalSeconds,
                       double pendingThresholdSeconds) {
}
