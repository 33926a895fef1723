package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.config.AnalyzerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The systems listed in {@code energy-analyzer.systems.members} (system → nodes), read once and checked: how an HPC
 * site outside Kubernetes names its nodes, and in Kubernetes an override of the node label. A node listed under two
 * systems, or a blank name, stops the start with the reason.
 */
@ApplicationScoped
public class ConfiguredSystems {

    private final Map<String, String> systemOfNode;

    public ConfiguredSystems(AnalyzerConfig config) {
        this.systemOfNode = byNode(config.systems().members());
    }

    /** node → system, sorted by node. */
    static Map<String, String> byNode(Map<String, List<String>> members) {
        Map<String, String> byNode = new TreeMap<>();
        new TreeMap<>(members).forEach((system, nodes) -> {
            String systemName = system == null ? "" : system.strip();
            if (systemName.isEmpty()) {
                throw new IllegalArgumentException("energy-analyzer.systems.members: a system has an empty name");
            }
            for (String node : nodes == null ? List.<String>of() : nodes) {
                String nodeName = node == null ? "" : node.strip();
                if (nodeName.isEmpty()) {
                    throw new IllegalArgumentException("energy-analyzer.systems.members." + systemName + ": empty node name");
                }
                String other = byNode.putIfAbsent(nodeName, systemName);
                if (other != null && !other.equals(systemName)) {
                    throw new IllegalArgumentException("energy-analyzer.systems.members: node '" + nodeName + "' is listed under two systems, '"
                            + other + "' and '" + systemName + "'; a node belongs to one system");
                }
            }
        });
        return Collections.unmodifiableMap(byNode);
    }

    /** The system configured for {@code node}, if any. */
    public Optional<String> systemOf(String node) {
        return Optional.ofNullable(systemOfNode.get(node));
    }

    /** node → system. */
    public Map<String, String> nodes() {
        return systemOfNode;
    }

    public long systemCount() {
        return systemOfNode.values().stream().distinct().count();
    }
}
