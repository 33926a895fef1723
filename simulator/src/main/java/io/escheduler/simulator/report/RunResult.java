package io.escheduler.simulator.report;

import io.escheduler.simulator.engine.Metrics;

import java.util.List;
import java.util.Map;

/**
 * One run's figures, as the table, the JSON and the page show them (docs/simulator.md, "Output").
 *
 * @param policies               the policy set's name ({@code none} for the baseline)
 * @param placement              how energy-scheduler pods were placed
 * @param energyKWh              the cluster's energy over the run
 * @param peakWatts              the highest cluster power
 * @param pendingSeconds         p50, p99 and max of every pod incarnation's time pending
 * @param podsPendingBeyondBoot  incarnations pending longer than the longest boot time plus one policy interval
 * @param evictions              pods evicted
 * @param powerCyclesPerNodePerDay power-offs per node and simulated day
 * @param throttledNodeHours     node-hours with a lowered CPU ceiling
 * @param cappedNodeHours        node-hours with a package power limit
 * @param lostCpuSeconds         CPU-seconds of demand not served because of a lowered ceiling or a power limit (delayed, or
 *                               lost for a service)
 * @param cpuUtilisation         busy CPU time over the whole cluster's CPU time
 * @param actions                policy → action kind → outcome → count
 */
public record RunResult(String policies, String placement, double energyKWh, double peakWatts, double[] pendingSeconds,
                        long podsPendingBeyondBoot, long evictions, double powerCyclesPerNodePerDay, double throttledNodeHours,
                        double cappedNodeHours, double lostCpuSeconds, double cpuUtilisation, long restoredOnBind,
                        Map<String, Map<String, Map<String, Integer>>> actions, Metrics.Accounting accounting,
                        List<Metrics.Sample> samples, long sampleMillis, List<Metrics.ProgramRun> programRuns) {

    public static RunResult of(String policies, String placement, Metrics m, int nodes, double days, long beyondMillis) {
        long[] pending = m.pendingTimes();
        long beyond = 0;
        for (int i = pending.length - 1; i >= 0 && pending[i] > beyondMillis; i--) {
            beyond++;
        }
        return new RunResult(policies, placement, m.energyJoules() / 3.6e6, m.peakWatts(),
                new double[]{percentile(pending, 0.50), percentile(pending, 0.99), pending.length == 0 ? 0 : pending[pending.length - 1] / 1000.0},
                beyond, m.evictions(), m.powerOffs() / (double) nodes / days, m.throttledNodeHours(), m.cappedNodeHours(),
                m.lostCpuSeconds(), m.cpuUtilisation(), m.restoredOnBind(), m.actions(), m.accounting(), m.samples(), m.sampleMillis(),
                m.programRuns());
    }

    /** The nearest-rank percentile of sorted ms values, in seconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    /** The saving against {@code baseline}, in percent of its energy. */
    public double savingPercent(RunResult baseline) {
        return baseline.energyKWh == 0 ? 0 : (baseline.energyKWh - energyKWh) / baseline.energyKWh * 100;
    }
}
