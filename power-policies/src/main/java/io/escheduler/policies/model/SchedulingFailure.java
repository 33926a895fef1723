package io.escheduler.policies.model;

import java.util.List;

/**
 * Why the scheduler could not place a pending pod, read from its {@code PodScheduled} condition
 * ({@code status: "False"}, {@code reason: Unschedulable}), whose message is kube-scheduler's {@code FitError}:
 * {@code 0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 Insufficient cpu. preemption: …}.
 *
 * @param insufficient the resources some node lacked, from the NodeResourcesFit reasons
 *                     {@code Insufficient <resource>} ({@code cpu}, {@code memory}, {@code ephemeral-storage}, an
 *                     extended resource) and {@code Too many pods} (as {@code pods}); sorted, distinct
 * @param otherReasons every other filter reason (taints, node affinity, volumes, ports…), without node counts
 * @param message      the condition's message as the scheduler wrote it
 */
public record SchedulingFailure(List<String> insufficient, List<String> otherReasons, String message) {

    /** Whether capacity stopped the pod on at least one node: more nodes of that kind may let it run. */
    public boolean insufficientResources() {
        return !insufficient.isEmpty();
    }
}
