package io.escheduler.prometheus;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The REST client behind {@link PrometheusClient}, with the fault tolerance around each call:
 * up to two retries 300 ms (±100 ms) apart when Prometheus is unavailable, and a circuit breaker
 * that stops calling for 5 s once 6 of the last 8 calls found it unavailable. A refused query is
 * neither retried nor counted against the breaker. Every HTTP attempt is counted in
 * {@code <service>_prometheus_requests_total{outcome="ok|unavailable|bad_query"}} ({@link PrometheusRequests}).
 */
@ApplicationScoped
class GuardedPrometheus {

    private final PrometheusApi api;
    private final String url;
    private final PrometheusRequests requests;

    @Inject
    GuardedPrometheus(PrometheusEndpoint endpoint, MeterRegistry registry) {
        this.url = endpoint.url();
        long timeoutMillis = endpoint.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build(PrometheusApi.class);
        this.requests = new PrometheusRequests(registry, endpoint.meterPrefix());
    }

    @PreDestroy
    void close() throws IOException {
        if (api instanceof Closeable closeable) {
            closeable.close();
        }
    }

    String url() {
        return url;
    }

    PrometheusRequests requests() {
        return requests;
    }

    /** One request ({@code describe} names it in errors); the series of its vector or matrix result. */
    @Retry(maxRetries = 2, delay = 300, jitter = 100, delayUnit = ChronoUnit.MILLIS, retryOn = PrometheusUnavailableException.class,
            abortOn = PrometheusQueryException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = PrometheusUnavailableException.class, skipOn = PrometheusQueryException.class)
    public List<Series> call(String describe, Function<PrometheusApi, QueryResponse> request) {
        QueryResponse response;
        try {
            response = request.apply(api);
        } catch (PrometheusException e) {
            throw counted(e, describe);
        } catch (WebApplicationException e) {
            throw counted(PrometheusErrors.fromStatus(e.getResponse() == null ? 500 : e.getResponse().getStatus(), e.getMessage()), describe);
        } catch (ProcessingException e) {
            throw counted(new PrometheusUnavailableException("Prometheus at " + url + " is unavailable: "
                    + PrometheusErrors.rootMessage(e), e), describe);
        }
        if (response == null || !response.success()) {
            throw counted(new PrometheusQueryException("Prometheus answered without data: "
                    + (response == null ? "(nothing)" : response.errorType() + ": " + response.error()), null), describe);
        }
        List<Series> series;
        try {
            series = Series.of(response.data());
        } catch (RuntimeException e) {
            throw counted(e instanceof PrometheusException known ? known
                    : new PrometheusQueryException("unreadable answer from Prometheus: " + e.getMessage(), e), describe);
        }
        requests.ok();
        return series;
    }

    private PrometheusException counted(PrometheusException e, String describe) {
        if (e instanceof PrometheusQueryException) {
            requests.badQuery();
            return new PrometheusQueryException(e.getMessage() + " [" + describe + "]", e.getCause());
        }
        requests.unavailable();
        return e;
    }
}
