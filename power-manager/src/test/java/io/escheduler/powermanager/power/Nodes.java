package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;

import java.util.Map;

/** Node objects for the driver tests. */
final class Nodes {

    private Nodes() {
    }

    static Node node(String name) {
        return node(name, Map.of(), Map.of());
    }

    static Node node(String name, Map<String, String> labels, Map<String, String> annotations) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata().build();
    }

    static Node annotated(String name, String key, String value) {
        return node(name, Map.of(), Map.of(key, value));
    }
}
