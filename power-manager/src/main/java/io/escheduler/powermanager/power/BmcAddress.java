package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;

import java.util.Map;
import java.util.Optional;

/**
 * Where a node's BMC answers: the Node annotation {@value #ANNOTATION} when present (set per node, e.g. from the
 * inventory), otherwise the group's template with {@value #NODE} replaced by the node name.
 */
final class BmcAddress {

    static final String ANNOTATION = "energy.escheduler.io/bmc-address";
    static final String NODE = "{node}";

    private BmcAddress() {
    }

    /** The annotation, else the filled template, else empty. */
    static Optional<String> of(Node node, Optional<String> template) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        String annotated = annotations == null ? null : annotations.get(ANNOTATION);
        if (annotated != null && !annotated.isBlank()) {
            return Optional.of(annotated.strip());
        }
        return template.map(t -> t.replace(NODE, node.getMetadata().getName()));
    }

    /** What to tell an operator when a node has neither. */
    static String missing(String node, String templateKey) {
        return "no BMC address for node " + node + ": annotate the Node " + ANNOTATION + "=<address> or set " + templateKey;
    }
}
