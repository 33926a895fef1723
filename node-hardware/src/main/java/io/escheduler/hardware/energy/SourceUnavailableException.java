package io.escheduler.hardware.energy;

import java.io.IOException;

/** A source cannot be used on this node; the message says why and how to fix it. */
public class SourceUnavailableException extends IOException {

    private final SourceKind kind;

    public SourceUnavailableException(SourceKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SourceUnavailableException(SourceKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public SourceKind kind() {
        return kind;
    }
}
