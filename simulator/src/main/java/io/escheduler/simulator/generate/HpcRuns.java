package io.escheduler.simulator.generate;

import io.escheduler.simulator.input.Tree;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * HPC runs: runs of named programs arriving as a Poisson process, each a Job pod labelled with its program, sent
 * through the {@code energy-scheduler} (so the extender's lowest-peak placement applies), requesting the program's
 * CPUs and using all of them for a log-normal time. Each program's {@code powerFactor} per system scales the
 * load-dependent part of a node's power while the program runs there: the same program draws differently on
 * different machines, which is what placement by historic peak exploits.
 */
record HpcRuns(double perHour, List<Program> programs) {

    record Program(String name, double weight, long cpuMillis, long memoryMiB, double durationMedian, double durationSigma,
                   Map<String, Double> powerFactor) {
    }

    private static final Set<String> KEYS = Set.of("runsPerHour", "programs");
    private static final Set<String> PROGRAM = Set.of("name", "weight", "cpuMillis", "memoryMiB", "durationMedianSeconds", "durationSigma",
            "powerFactor");

    static HpcRuns read(Tree.Mapping m) {
        m.only(KEYS, "hpc");
        List<Program> programs = new ArrayList<>();
        for (Tree.Value v : m.required("programs", "hpc").list()) {
            Tree.Mapping p = v.mapping().only(PROGRAM, "an hpc program");
            Map<String, Double> factors = new LinkedHashMap<>();
            if (p.optional("powerFactor") != null) {
                p.optional("powerFactor").mapping().values().forEach((system, f) -> factors.put(system, f.number("powerFactor of " + system)));
            }
            programs.add(new Program(p.required("name", "an hpc program").text(), GeneratorFile.optional(p, "weight", 1),
                    (long) GeneratorFile.positive(p, "cpuMillis", "an hpc program"), (long) GeneratorFile.positive(p, "memoryMiB", "an hpc program"),
                    GeneratorFile.positive(p, "durationMedianSeconds", "an hpc program"), GeneratorFile.optional(p, "durationSigma", 0), factors));
        }
        if (programs.isEmpty()) {
            throw m.required("programs", "hpc").error("hpc.programs is empty");
        }
        return new HpcRuns(GeneratorFile.positive(m, "runsPerHour", "hpc"), programs);
    }

    Map<String, Map<String, Double>> factors() {
        Map<String, Map<String, Double>> out = new HashMap<>();
        programs.forEach(p -> out.put(p.name(), p.powerFactor()));
        return out;
    }

    List<PodSpec> generate(Random random, long end) {
        List<PodSpec> pods = new ArrayList<>();
        double[] weights = programs.stream().mapToDouble(Program::weight).toArray();
        long[] index = new long[programs.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        long t = 0;
        int n = 0;
        while (true) {
            t += Draw.exponentialMillis(random, perHour);
            if (t >= end) {
                return pods;
            }
            Program p = programs.get((int) Draw.weighted(random, index, weights));
            double seconds = Math.max(60, Draw.logNormal(random, p.durationMedian(), p.durationSigma()));
            pods.add(new PodSpec(t, "hpc", String.format("%s-%05d", p.name(), ++n), Owner.JOB, p.cpuMillis(), p.memoryMiB(),
                    Usage.constant(p.cpuMillis()), Math.round(seconds * 1000), p.name(), null, true, Map.of(), List.of()));
        }
    }
}
