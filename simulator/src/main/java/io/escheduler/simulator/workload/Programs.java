package io.escheduler.simulator.workload;

import java.util.Map;

/**
 * How much more or less power each program's work draws on each computing system than the SPECpower workload the
 * node type's curve was measured with: program → system → factor on the load-dependent part of the node's power
 * (1 where not given). This is what makes placement matter for HPC runs (docs/simulator.md, "HPC generator").
 */
public record Programs(Map<String, Map<String, Double>> factors) {

    public static final Programs NONE = new Programs(Map.of());

    public double factor(String program, String system) {
        if (program == null) {
            return 1;
        }
        Map<String, Double> bySystem = factors.get(program);
        return bySystem == null ? 1 : bySystem.getOrDefault(system, 1.0);
    }
}
