package io.escheduler.extender.protocol;

import java.util.List;

/**
 * {@code ExtenderArgs} of {@code k8s.io/kube-scheduler/extender/v1}, the body of filter and prioritize:
 * {@code {"Pod": {...}, "Nodes": {"metadata": {}, "items": [...]} | null, "NodeNames": ["..."] | null}}.
 * kube-scheduler fills {@code NodeNames} when the extender is {@code nodeCacheCapable}, else {@code Nodes}.
 *
 * @param nodes     the candidates of {@code Nodes}, null when the request had no node list
 * @param nodeNames the candidates of {@code NodeNames} over the request body, null when the request had none
 */
public record ExtenderArgs(PodFacts pod, List<CandidateNode> nodes, CandidateNames nodeNames) {

    /** The request named its candidates ({@code nodeCacheCapable: true}) rather than sending Node objects. */
    public boolean byName() {
        return nodes == null;
    }

    /**
     * Every candidate's name, in request order: {@code NodeNames} as they came, or the names of the Nodes (encoded
     * here: a Node list is about 4 kB per node, its names are a small part of the work).
     */
    public CandidateNames names() {
        if (nodes != null) {
            return CandidateNames.of(nodes.stream().map(CandidateNode::name).toList());
        }
        return nodeNames == null ? CandidateNames.empty() : nodeNames;
    }

    /** Every candidate's name as a String, in request order (decodes them all: for tests and rare paths). */
    public List<String> candidateNames() {
        if (nodes != null) {
            return nodes.stream().map(CandidateNode::name).toList();
        }
        return nodeNames == null ? List.of() : nodeNames.toList();
    }
}
