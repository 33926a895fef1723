package io.escheduler.simulator.workload;

import io.escheduler.simulator.cluster.Taint;

import java.util.List;
import java.util.Map;

/**
 * One pod of a workload, as a trace row or a generator describes it (docs/simulator.md, "Trace file").
 *
 * @param arrivalMillis     when it is created (simulated ms since the start)
 * @param owner             its controller's kind
 * @param cpuRequestMillis  {@code requests.cpu}
 * @param memoryRequestMiB  {@code requests.memory}
 * @param usage             its CPU use at nominal speed
 * @param durationMillis    for a Job's pod: its run time at nominal speed (longer when slowed; started again when
 *                          evicted); for any other pod: its lifetime, after which it is deleted; -1: runs to the end
 * @param program           the {@code energy.escheduler.io/program} label, or null
 * @param budget            the PodDisruptionBudget it belongs to, or null
 * @param energyScheduler   {@code schedulerName: energy-scheduler}: the extender's rules apply
 * @param nodeSelector      {@code nodeSelector}
 * @param tolerations       the taints it tolerates (an empty value tolerates any value of the key; an empty effect any effect)
 */
public record PodSpec(long arrivalMillis, String namespace, String name, Owner owner, long cpuRequestMillis, long memoryRequestMiB,
                      Usage usage, long durationMillis, String program, Budget budget, boolean energyScheduler,
                      Map<String, String> nodeSelector, List<Taint> tolerations) {

    public PodSpec {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** Whether this pod tolerates {@code taint} (key match, empty value or equal value, empty or equal effect). */
    public boolean tolerates(Taint taint) {
        for (Taint t : tolerations) {
            if (t.key().equals(taint.key()) && (t.value().isEmpty() || t.value().equals(taint.value()))
                    && (t.effect().isEmpty() || t.effect().equals(taint.effect()))) {
                return true;
            }
        }
        return false;
    }
}
