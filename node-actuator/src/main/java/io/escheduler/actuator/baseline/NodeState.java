package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the state file holds: the baseline and the changes in force (so that their TTLs still run
 * after a restart).
 *
 * @param version     file format version
 * @param node        the node the baseline belongs to
 * @param cpuChanges  CPU → its change
 * @param limitChanges package → its change
 */
@RegisterForReflection
public record NodeState(int version, String node, Baseline baseline, Map<Integer, Change<CpuSetting>> cpuChanges,
                        Map<String, Change<PackageSetting>> limitChanges) {

    public static final int VERSION = 1;

    public NodeState {
        cpuChanges = new TreeMap<>(cpuChanges == null ? Map.of() : cpuChanges);
        limitChanges = new TreeMap<>(limitChanges == null ? Map.of() : limitChanges);
    }
}
