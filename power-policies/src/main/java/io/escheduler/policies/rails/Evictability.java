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

    /**
     * Why {@code pod} must not be moved to spread load (dvfs-migration, capping-migration), or null when it may be: any
     * {@link #blocker}, and a Job's pod, which starts its work again when evicted: moving it to lower a node's power
     * throws away the work it has done (on the simulator's HPC cluster the migrations evicted several thousand runs a
     * day and cost more energy than they saved). Emptying a node to power it off still moves it.
     */
    public static String rebalanceBlocker(PodSnapshot pod) {
        String blocker = blocker(pod);
        if (blocker == null && pod.owner() == OwnerKind.JOB) {
            return "pod " + pod.key() + " belongs to a Job: evicted, it starts its work again, so it is not moved to spread load";
        }
        return blocker;
    }
}
