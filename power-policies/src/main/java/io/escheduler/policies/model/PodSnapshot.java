package io.escheduler.policies.model;

import java.util.List;

/**
 * A pod as the policies see it.
 *
 * <p><b>Disruption budgets.</b> {@link #budgets()} names the PodDisruptionBudgets whose selector matches the pod
 * (matched once, when the snapshot is built); their {@code status.disruptionsAllowed} is in
 * {@link ClusterSnapshot#budget(String)}. A plan that evicts pods spends one allowed disruption of each of the
 * pod's budgets per eviction, so two evictions against a budget that allows one are never planned together. A pod
 * matched by more than one budget cannot be evicted at all (the Eviction API refuses it).
 *
 * @param namespace    namespace
 * @param name         name
 * @param node         {@code spec.nodeName}; null while unscheduled
 * @param phase        {@code status.phase}
 * @param requests     what the scheduler reserves for it: the containers' requests summed, maxed with each init
 *                     container's (restartable init containers counted the Kubernetes way), plus pod overhead
 * @param owner        its controller's kind
 * @param localStorage it mounts an {@code emptyDir} or {@code hostPath} volume (lost when it moves)
 * @param doNotEvict   annotated {@code energy.escheduler.io/do-not-evict: "true"}
 * @param budgets      {@code namespace/name} of the PodDisruptionBudgets selecting it
 * @param failure      why it is unscheduled, for a pending pod the scheduler refused; null otherwise
 * @param tolerations  {@code spec.tolerations}
 * @param affinity     {@code nodeSelector} and required node affinity
 */
public record PodSnapshot(String namespace, String name, String node, PodPhase phase, Resources requests,
                          OwnerKind owner, boolean localStorage, boolean doNotEvict, List<String> budgets,
                          SchedulingFailure failure, List<Toleration> tolerations, NodeAffinity affinity) {

    /** Pod annotation that keeps every policy from evicting the pod. */
    public static final String DO_NOT_EVICT = "energy.escheduler.io/do-not-evict";

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** Bound to a node and not finished: it holds that node's resources. */
    public boolean holdsNode() {
        return node != null && !phase.terminal();
    }

    /** A pod that holds its node and is that node's workload (not a DaemonSet or static pod). */
    public boolean workload() {
        return holdsNode() && !owner.nodeBound();
    }
}
