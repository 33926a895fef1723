package io.escheduler.actuator.control;

/** The request is valid but the node's state forbids it (a locked power limit): answered 409, nothing written. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
