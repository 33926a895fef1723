package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the state file holds: the baseline and the changes in force (so that their TTLs still run
 * after a restart).
 *
 * @param version      file format version
 * @param node         the node the baseline belongs to
 * @param cpuChanges   CPU → what differs from its baseline, part by part
 * @param limitChanges package → its change
 */
@RegisterForReflection
public record NodeState(int version, String node, Baseline baseline, Map<Integer, CpuChange> cpuChanges,
                        Map<String, Change<PackageSetting>> limitChanges) {

    /** 2: a CPU's ceiling and governor changes are kept apart ({@link CpuChange}); 1 held one change per CPU. */
    public static final int VERSION = 2;

    public NodeState {
        cpuChanges = new TreeMap<>(cpuChanges == null ? Map.of() : cpuChanges);
        limitChanges = new TreeMap<>(limitChanges == null ? Map.of() : limitChanges);
    }
}
