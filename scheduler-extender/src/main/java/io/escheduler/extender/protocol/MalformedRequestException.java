package io.escheduler.extender.protocol;

/** A request body that is not the verb's JSON (HTTP 400 with the reason in {@code Error}). */
public class MalformedRequestException extends RuntimeException {

    public MalformedRequestException(String message) {
        super(message);
    }

    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
