package io.escheduler.extender.binding;

/** A throttled node could not be restored (no actuator, refused, unreachable, still throttled): the bind fails with this reason. */
public class RestoreFailedException extends Exception {

    public RestoreFailedException(String message) {
        super(message);
    }
}
