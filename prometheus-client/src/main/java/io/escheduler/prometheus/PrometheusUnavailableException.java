package io.escheduler.prometheus;

/**
 * Prometheus could not answer: connection refused, no answer within
 * the service's timeout ({@link PrometheusEndpoint#timeout()}), a 5xx (including its own query timeout, 503), or the
 * circuit breaker is open after repeated failures. Asking again later is the remedy.
 */
public class PrometheusUnavailableException extends PrometheusException {

    public PrometheusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
