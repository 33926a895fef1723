package io.escheduler.analyzer.policies.execute;

/** A node-actuator could not be reached or refused a change; the message names the node, the actuator and why. */
public class ActuatorException extends Exception {

    public ActuatorException(String message) {
        super(message);
    }
}
