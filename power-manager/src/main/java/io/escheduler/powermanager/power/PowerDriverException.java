package io.escheduler.powermanager.power;

/**
 * A node could not be switched on or off. The message names the node, the driver, what failed and what to change,
 * for a person reading the audit trail.
 */
public class PowerDriverException extends Exception {

    public PowerDriverException(String message) {
        super(message);
    }

    public PowerDriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
