package io.escheduler.policies.execute;

/**
 * A cluster operation did not succeed. The message is what a person reads in the audit trail: which node, what was
 * asked, what answered and why (a driver's or actuator's error, the API server's status), never a class name.
 */
public class OperationException extends Exception {

    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
