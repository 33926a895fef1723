package io.escheduler.analyzer.policies.execute;

import io.fabric8.kubernetes.api.model.Node;

/** Switches a node's power through its configured driver; returns once the driver confirmed, throws with a reason otherwise. */
public interface NodePower {

    void powerOn(Node node) throws Exception;

    void powerOff(Node node) throws Exception;
}
