package io.escheduler.powermanager.execute;

import io.escheduler.policies.execute.OperationException;

/** A node-actuator could not be reached or refused a change; the message names the node, the actuator and why. */
public class ActuatorException extends OperationException {

    public ActuatorException(String message) {
        super(message);
    }
}
