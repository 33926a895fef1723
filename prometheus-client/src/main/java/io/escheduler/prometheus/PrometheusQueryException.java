package io.escheduler.prometheus;

/**
 * Prometheus answered but refused the query (HTTP 400 {@code bad_data}, 422 {@code execution}, e.g.
 * too many points for a range query) or answered something that is not the API's JSON. Asking
 * again gives the same answer: the query or the configuration (e.g. a domain name) needs fixing.
 */
public class PrometheusQueryException extends PrometheusException {

    public PrometheusQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
