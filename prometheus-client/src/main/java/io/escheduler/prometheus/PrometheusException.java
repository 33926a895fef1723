package io.escheduler.prometheus;

/** A query Prometheus did not answer with data: see the two subclasses. */
public abstract class PrometheusException extends RuntimeException {

    protected PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
