package io.escheduler.policies.rails;

import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodSnapshot;

/**
 * Whether a pod may be evicted, whatever the budgets say ({@link BudgetLedger} adds those). The blockers are
 * Cluster Autoscaler's and docs/architecture.md's: {@code do-not-evict}, no controller, local storage, more than one budget.
 */
public final class Evictability {

    private Evictability() {
    }

    /** Why {@code pod} must not be evicted, or null when it may be. */
    public static String blocker(PodSnapshot pod) {
        if (pod.owner().nodeBound()) {
            return "pod " + pod.key() + " is a DaemonSet or static pod and stays with its node";
        }
        if (pod.doNotEvict()) {
            return "pod " + pod.key() + " is annotated " + PodSnapshot.DO_NOT_EVICT;
        }
        if (pod.owner() == OwnerKind.NONE) {
            return "pod " + pod.key() + " has no controller: nothing would recreate it";
        }
        if (pod.localStorage()) {
            return "pod " + pod.key() + " uses local storage (emptyDir or hostPath)";
        }
        if (pod.budgets().size() > 1) {
            return "pod " + pod.key() + " is selected by " + pod.budgets().size() + " PodDisruptionBudgets (the Eviction API refuses such a pod)";
        }
        return null;
    }
}
