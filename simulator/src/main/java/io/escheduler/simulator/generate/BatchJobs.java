package io.escheduler.simulator.generate;

import io.escheduler.simulator.input.Tree;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Batch jobs: one pod each, arriving as a Poisson process ({@code arrivalsPerHour}, optionally modulated by a
 * {@link Diurnal} curve by thinning), running for a log-normal time at nominal speed (median, shape, capped), with a
 * CPU request drawn from weighted choices and using a fixed share of it.
 */
record BatchJobs(double perHour, Diurnal diurnal, double durationMedian, double durationSigma, double maxDuration,
                 long[][] cpuRequest, double usageOfRequest, long memoryPerCpu) {

    private static final Set<String> KEYS = Set.of("arrivalsPerHour", "diurnal", "durationMedianSeconds", "durationSigma",
            "maxDurationSeconds", "cpuRequestMillis", "usageOfRequest", "memoryMiBPerCpu");

    static BatchJobs read(Tree.Mapping m) {
        m.only(KEYS, "batch");
        String w = "batch";
        return new BatchJobs(GeneratorFile.positive(m, "arrivalsPerHour", w), GeneratorFile.diurnal(m.optional("diurnal")),
                GeneratorFile.positive(m, "durationMedianSeconds", w), GeneratorFile.optional(m, "durationSigma", 0),
                GeneratorFile.optional(m, "maxDurationSeconds", 86_400), Draw.choices(m.required("cpuRequestMillis", w), "batch.cpuRequestMillis"),
                GeneratorFile.positive(m, "usageOfRequest", w), (long) GeneratorFile.positive(m, "memoryMiBPerCpu", w));
    }

    List<PodSpec> generate(Random random, long end) {
        List<PodSpec> pods = new ArrayList<>();
        long t = 0;
        int n = 0;
        while (true) {
            t += Draw.exponentialMillis(random, perHour);
            if (t >= end) {
                return pods;
            }
            double accept = random.nextDouble();
            long request = Draw.weighted(random, cpuRequest[0], Draw.asDouble(cpuRequest[1]));
            double seconds = Math.min(maxDuration, Math.max(1, Draw.logNormal(random, durationMedian, durationSigma)));
            if (diurnal != null && accept >= diurnal.at(t)) {
                continue;
            }
            pods.add(new PodSpec(t, "batch", String.format("job-%06d", ++n), Owner.JOB, request, request * memoryPerCpu / 1000,
                    Usage.constant(request * usageOfRequest), Math.round(seconds * 1000), null, null, false, Map.of(), List.of()));
        }
    }
}
