package io.escheduler.simulator.policy;

import io.escheduler.policies.PolicySettings;
import io.escheduler.simulator.cluster.ClusterSpec;

import java.util.List;
import java.util.Map;

/** Builds the hook that runs a policy set through the project's power-policies library. */
final class PolicyHooks {

    private PolicyHooks() {
    }

    static PolicySets.Set create(String name, List<String> policies, ClusterSpec cluster, boolean seed) {
        PolicySettings settings = Settings.of(cluster, policies, seed ? Settings.SEED : Map.of());
        return new PolicySets.Set(name, policies, settings.interval().toMillis(), () -> new PolicyRun(settings));
    }
}
