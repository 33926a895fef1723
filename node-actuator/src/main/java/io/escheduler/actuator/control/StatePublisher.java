package io.escheduler.actuator.control;

import java.util.Map;

/** Where the actuator announces the node's state after every change (the Node's annotations in Kubernetes). */
@FunctionalInterface
public interface StatePublisher {

    /** {@code annotations}: key → value, a null value meaning "remove". Must not block. */
    void publish(String node, Map<String, String> annotations);
}
