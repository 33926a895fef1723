package io.escheduler.extender.protocol;

import java.util.List;
import java.util.Map;

/**
 * {@code ExtenderFilterResult}: the nodes that pass, in the form the request used ({@code NodeNames} for a
 * {@code nodeCacheCapable} request, else {@code Nodes}, the other one null: kube-scheduler reads only that
 * one, and a result with neither leaves the pod with no feasible node), the removed nodes with the reason
 * ({@code FailedNodes}), and {@code Error}, which fails the whole call.
 */
public record ExtenderFilterResult(List<CandidateNode> nodes, List<String> nodeNames, Map<String, String> failedNodes,
                                   Map<String, String> failedAndUnresolvableNodes, String error) {

    /** The nodes that pass, in the request's form. */
    public static ExtenderFilterResult passing(ExtenderArgs args, List<CandidateNode> nodes, List<String> names,
                                               Map<String, String> failed) {
        return args.byName() ? new ExtenderFilterResult(null, names, failed, Map.of(), "")
                : new ExtenderFilterResult(nodes, null, failed, Map.of(), "");
    }

    public static ExtenderFilterResult error(String message) {
        return new ExtenderFilterResult(null, null, null, null, message);
    }
}
