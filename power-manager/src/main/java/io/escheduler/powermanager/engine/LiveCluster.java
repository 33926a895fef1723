package io.escheduler.powermanager.engine;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;

/**
 * The informer caches the executor reads between and during actions (a drain's progress, a node's readiness, the
 * actuator pod on a node): never an API call per question.
 */
public interface LiveCluster {

    /** Every cache has listed its resource at least once. */
    boolean synced();

    /** Every cached Node. */
    List<Node> nodes();

    /** The cached Nodes that carry annotation {@code key}. */
    default List<Node> nodesAnnotated(String key) {
        return nodes().stream().filter(n -> n.getMetadata().getAnnotations() != null && n.getMetadata().getAnnotations().containsKey(key))
                .toList();
    }

    /** The cached Node, or null. */
    Node node(String name);

    /** The cached pods bound to {@code nodeName}, finished ones included. */
    List<Pod> podsOn(String nodeName);

    /** The cached pods of {@code namespace} whose labels include all of {@code labels}. */
    List<Pod> pods(String namespace, Map<String, String> labels);
}
