package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node as the agent first met it: what {@code POST /v1/restore} puts back. Captured once and
 * kept in the state file, so an agent restarted while the node is throttled never mistakes the
 * throttled settings for the baseline.
 *
 * @param capturedAt when the agent first met the node
 * @param cpus       CPU number → setting
 * @param packages   package id → power limits (empty where the node has no power-limit control)
 */
@RegisterForReflection
public record Baseline(Instant capturedAt, Map<Integer, CpuSetting> cpus, Map<String, PackageSetting> packages) {

    public Baseline {
        cpus = new TreeMap<>(cpus);
        packages = new TreeMap<>(packages);
    }
}
