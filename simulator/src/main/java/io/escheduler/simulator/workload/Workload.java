package io.escheduler.simulator.workload;

import java.util.Comparator;
import java.util.List;

/**
 * Every pod a run will see arrive, in arrival order (ties by key), plus where they came from (a trace file or a
 * generator with its seed) for the report, and how programs' power differs by system.
 */
public record Workload(String source, List<PodSpec> pods, Programs programs) {

    public Workload {
        programs = programs == null ? Programs.NONE : programs;
        pods = pods.stream().sorted(Comparator.comparingLong(PodSpec::arrivalMillis).thenComparing(PodSpec::key)).toList();
    }
}
