package io.escheduler.policies.execute;

import io.escheduler.policies.plan.PolicyName;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the executor asks of and does to the cluster's nodes and pods. In the service: informer caches for the
 * questions (never an API call per question) and the API server for the changes; in the simulator: its simulated
 * cluster. An implementation answers what it was asked and nothing more: the order of steps, what a failure undoes and
 * when to wait are {@link PlanExecutor}'s.
 *
 * <p>Changes throw {@link OperationException} with a message for a person when they did not happen.
 */
public interface ClusterOperations {

    /** The node now, or null when it no longer exists. */
    NodeView node(String name);

    /** Every node that carries annotation {@code key}. */
    List<NodeView> nodesAnnotated(String key);

    /**
     * The pods bound to {@code node} that keep it from powering off, as {@code namespace/name}, sorted: not finished
     * (Succeeded, Failed) and not DaemonSet or static (mirror) pods. An evicted pod is listed until it is gone.
     */
    List<String> workloadPods(String node);

    /**
     * Cordons {@code node} ({@code spec.unschedulable}) and annotates it {@value PlanExecutor#CORDONED_BY} with
     * {@code by}'s wire name, in one change, so that only this executor's cordons are ever undone.
     */
    void cordon(String node, PolicyName by) throws OperationException;

    /**
     * Uncordons {@code node} if it carries {@value PlanExecutor#CORDONED_BY}, removing that annotation with the cordon
     * in one change; a cordon without it (a person's) stays.
     *
     * @return whether the node carried the annotation
     */
    boolean uncordon(String node) throws OperationException;

    /**
     * Asks the Eviction API to evict the pod, which honours PodDisruptionBudgets, once: a refusal is an answer to
     * report, not to wait out with retries.
     *
     * @throws OperationException when the API gave another answer (the message names it)
     */
    Eviction evict(String namespace, String pod) throws OperationException;

    /** Sets {@code set} and removes {@code remove} among {@code node}'s annotations, in one change. */
    void annotate(String node, Map<String, String> set, Set<String> remove) throws OperationException;
}
