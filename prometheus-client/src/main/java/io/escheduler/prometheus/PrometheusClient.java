package io.escheduler.prometheus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A service's only way to Prometheus: instant and range queries over its HTTP API, with the
 * timeout of its {@link PrometheusEndpoint}, retries and a circuit breaker (see
 * {@link GuardedPrometheus}). Every failure is one of two exceptions:
 * {@link PrometheusUnavailableException} (try again later) or {@link PrometheusQueryException}
 * (the query is wrong; trying again gives the same answer).
 */
@ApplicationScoped
public class PrometheusClient {

    private static final Logger LOG = Logger.getLogger(PrometheusClient.class);

    private final GuardedPrometheus guarded;

    @Inject
    PrometheusClient(GuardedPrometheus guarded) {
        this.guarded = guarded;
    }

    /** {@code promql} evaluated at {@code time}: one sample per series (or raw samples for a range selector). */
    public List<Series> query(String promql, Instant time) {
        LOG.debugf("query %s at %s", promql, time);
        return guard("query " + promql + " at " + time, api -> api.query(promql, PromQL.time(time)));
    }

    /** {@code promql} evaluated at {@code start}, {@code start + step}, ... up to {@code end}. */
    public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) {
        LOG.debugf("query_range %s from %s to %s step %s", promql, start, end, step);
        return guard("query_range " + promql + " " + start + ".." + end + " step " + step,
                api -> api.queryRange(promql, PromQL.time(start), PromQL.time(end), PromQL.seconds(step)));
    }

    private List<Series> guard(String describe, Function<PrometheusApi, QueryResponse> request) {
        try {
            return guarded.call(describe, request);
        } catch (CircuitBreakerOpenException e) {
            guarded.requests().circuitOpen();
            throw new PrometheusUnavailableException("Prometheus at " + guarded.url()
                    + " is unavailable: not asked again for a few seconds after repeated failures (circuit open)", e);
        } catch (FaultToleranceException e) {
            throw new PrometheusUnavailableException("Prometheus at " + guarded.url() + " is unavailable: " + e.getMessage(), e);
        }
    }
}
