package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.policies.plan.PolicyName;

import java.util.List;
import java.util.Map;

/**
 * What must hold before the policies start (each invalid value has already failed in {@link PolicySettings#from},
 * with its key named): an enforced policy acts on the cluster, so it needs {@code energy-analyzer.kubernetes.enabled}.
 */
final class PolicyStartup {

    private PolicyStartup() {
    }

    /** @throws IllegalStateException naming every policy that cannot run with this configuration */
    static void check(Map<PolicyName, Mode> modes, boolean kubernetesEnabled) {
        if (kubernetesEnabled) {
            return;
        }
        List<String> keys = modes.entrySet().stream().filter(e -> e.getValue() == Mode.ENFORCE)
                .map(e -> "energy-analyzer.policies." + e.getKey().wireName() + ".mode").sorted().toList();
        if (!keys.isEmpty()) {
            throw new IllegalStateException(String.join(", ", keys) + " = enforce needs the Kubernetes API "
                    + "(energy-analyzer.kubernetes.enabled=true): the policies act on Nodes and pods");
        }
    }
}
