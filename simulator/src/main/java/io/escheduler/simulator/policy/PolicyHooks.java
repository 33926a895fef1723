package io.escheduler.simulator.policy;

import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.input.InputError;

import java.util.List;

/** Builds the hook that runs a policy set through the project's power-policies library. */
final class PolicyHooks {

    private PolicyHooks() {
    }

    static PolicySets.Set create(String name, List<String> policies, ClusterSpec cluster, boolean seed) {
        throw new InputError("--policies", 0, "policy set '" + name + "': this build runs the baseline only (--policies none)");
    }
}
