package io.escheduler.analyzer.datasource;

/** The analyzer's own PostgreSQL cannot start; the message says why and what to do. */
final class EmbeddedPostgresException extends RuntimeException {

    EmbeddedPostgresException(String message) {
        super(message);
    }

    EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
