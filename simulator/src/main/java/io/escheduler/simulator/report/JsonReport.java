package io.escheduler.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.simulator.engine.Metrics;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report (docs/simulator.md, "JSON"): the figures of the main run (the first policy set other than the
 * baseline, or the baseline alone) at the top level — {@code energyKWh}, {@code peakWatts}, {@code pendingSecondsP50},
 * {@code pendingSecondsP99}, {@code podsPendingBeyondBoot}, {@code evictions}, {@code powerCyclesPerNodePerDay},
 * {@code throttledNodeHours}, {@code cappedNodeHours}, {@code lostCpuSeconds}, {@code actions} (policy → kind → outcome →
 * count) — then {@code scenario}, {@code baseline} and {@code runs} (every run with the same keys). Numbers are rounded to
 * three decimals, so that identical runs give identical bytes.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    public static String render(Scenario scenario, List<RunResult> runs) {
        RunResult baseline = runs.stream().filter(r -> r.policies().equals("none")).findFirst().orElse(runs.get(0));
        RunResult main = runs.stream().filter(r -> r != baseline).findFirst().orElse(baseline);
        ObjectNode root = MAPPER.createObjectNode();
        figures(root, main, baseline);
        ObjectNode s = root.putObject("scenario");
        s.put("cluster", scenario.cluster()).put("nodes", scenario.nodes()).put("workload", scenario.workload()).put("pods", scenario.pods());
        put(s, "days", scenario.days());
        s.put("seed", scenario.seed());
        put(s, "intervalSeconds", scenario.intervalSeconds());
        put(s, "pendingThresholdSeconds", scenario.pendingThresholdSeconds());
        put(s, "baselineCpuUtilisation", baseline.cpuUtilisation());
        figures(root.putObject("baseline"), baseline, baseline);
        ArrayNode all = root.putArray("runs");
        for (RunResult r : runs) {
            figures(all.addObject(), r, baseline);
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void figures(ObjectNode o, RunResult r, RunResult baseline) {
        o.put("policies", r.policies());
        o.put("placement", r.placement());
        put(o, "energyKWh", r.energyKWh());
        put(o, "savingPercent", r.savingPercent(baseline));
        put(o, "peakWatts", r.peakWatts());
        put(o, "pendingSecondsP50", r.pendingSeconds()[0]);
        put(o, "pendingSecondsP99", r.pendingSeconds()[1]);
        put(o, "pendingSecondsMax", r.pendingSeconds()[2]);
        o.put("podsPendingBeyondBoot", r.podsPendingBeyondBoot());
        o.put("evictions", r.evictions());
        put(o, "powerCyclesPerNodePerDay", r.powerCyclesPerNodePerDay());
        put(o, "throttledNodeHours", r.throttledNodeHours());
        put(o, "cappedNodeHours", r.cappedNodeHours());
        put(o, "lostCpuSeconds", r.lostCpuSeconds());
        put(o, "cpuUtilisation", r.cpuUtilisation());
        o.put("restoredOnBind", r.restoredOnBind());
        ObjectNode actions = o.putObject("actions");
        r.actions().forEach((policy, kinds) -> {
            ObjectNode p = actions.putObject(policy);
            kinds.forEach((kind, outcomes) -> {
                ObjectNode k = p.putObject(kind);
                outcomes.forEach(k::put);
            });
        });
        Metrics.Accounting a = r.accounting();
        o.putObject("pods").put("arrived", a.arrived()).put("completed", a.completed()).put("running", a.running())
                .put("pending", a.pending()).put("lost", a.lost());
        if (!r.programRuns().isEmpty()) {
            ObjectNode programs = o.putObject("programRuns");
            Map<String, double[]> bySystem = new TreeMap<>();
            for (Metrics.ProgramRun run : r.programRuns()) {
                double[] v = bySystem.computeIfAbsent(run.program() + " on " + run.system(), k -> new double[2]);
                v[0]++;
                v[1] += run.joules();
            }
            double total = 0;
            for (Metrics.ProgramRun run : r.programRuns()) {
                total += run.joules();
            }
            programs.put("runs", r.programRuns().size());
            put(programs, "energyKWh", total / 3.6e6);
            ObjectNode where = programs.putObject("bySystem");
            bySystem.forEach((k, v) -> {
                ObjectNode e = where.putObject(k);
                e.put("runs", (long) v[0]);
                put(e, "energyKWh", v[1] / 3.6e6);
            });
        }
    }

    static void put(ObjectNode o, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            o.putNull(key);
        } else {
            o.put(key, BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros());
        }
    }
}
