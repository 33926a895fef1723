package io.escheduler.simulator.cluster;

import java.util.List;
import java.util.Map;

/**
 * A simulated cluster: its node types, how the scheduler scores, and the policies' settings in the service's own keys
 * (relative to its prefix, e.g. {@code dvfs.lower-below-percent}), with the line each came from.
 *
 * @param file            where it was read from (for error messages)
 * @param policySettings  key → value, as written
 * @param policyLines     key → line in the file
 */
public record ClusterSpec(String file, String name, List<NodeType> nodeTypes, Scoring scoring,
                          Map<String, String> policySettings, Map<String, Integer> policyLines) {

    public ClusterSpec {
        nodeTypes = List.copyOf(nodeTypes);
        policySettings = Map.copyOf(policySettings);
        policyLines = Map.copyOf(policyLines);
    }

    /** This cluster with {@code settings} over its policy settings (given on the command line: no line in the file). */
    public ClusterSpec withPolicySettings(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return this;
        }
        Map<String, String> values = new java.util.TreeMap<>(policySettings);
        values.putAll(settings);
        Map<String, Integer> lines = new java.util.TreeMap<>(policyLines);
        settings.keySet().forEach(lines::remove);
        return new ClusterSpec(file, name, nodeTypes, scoring, values, lines);
    }

    public int nodeCount() {
        return nodeTypes.stream().mapToInt(NodeType::count).sum();
    }
}
