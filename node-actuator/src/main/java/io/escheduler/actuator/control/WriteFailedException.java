package io.escheduler.actuator.control;

import java.util.List;

/**
 * A write or its read-back failed; what the request had already written was put back to its
 * previous value ({@code rolledBack}), or the rollback itself failed too ({@code rollbackErrors}).
 * Answered 500 with both.
 */
public class WriteFailedException extends RuntimeException {

    private final boolean rolledBack;
    private final List<String> rollbackErrors;

    public WriteFailedException(String message, Throwable cause, List<String> rollbackErrors) {
        super(message, cause);
        this.rollbackErrors = List.copyOf(rollbackErrors);
        this.rolledBack = rollbackErrors.isEmpty();
    }

    public boolean rolledBack() {
        return rolledBack;
    }

    public List<String> rollbackErrors() {
        return rollbackErrors;
    }
}
