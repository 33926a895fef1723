package io.escheduler.policies.model;

import java.util.List;
import java.util.Map;

/**
 * Where a pod may run by node labels: its {@code nodeSelector} ANDed with its required node affinity, whose terms
 * are ORed (each term ANDs its requirements; an empty term matches no node), as the scheduler's NodeAffinity filter reads them. Pod affinity,
 * anti-affinity and topology spread are not modelled: a planned target is where the pod is expected to fit; the
 * scheduler makes the final choice after the eviction.
 *
 * @param selector the {@code nodeSelector} requirements, all of which must hold
 * @param terms    the required node selector terms, one of which must hold; empty when the pod has none
 */
public record NodeAffinity(List<NodeRequirement> selector, List<List<NodeRequirement>> terms) {

    public static final NodeAffinity ANY = new NodeAffinity(List.of(), List.of());

    public boolean matches(Map<String, String> labels) {
        for (NodeRequirement r : selector) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        if (terms.isEmpty()) {
            return true;
        }
        for (List<NodeRequirement> term : terms) {
            if (!term.isEmpty() && term.stream().allMatch(r -> r.matches(labels))) {
                return true;
            }
        }
        return false;
    }
}
