package io.escheduler.actuator.api;

/** A request whose shape is wrong (missing field, wrong type): answered 400 with the reason. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
