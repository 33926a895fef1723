package io.escheduler.extender.placement;

import io.escheduler.extender.config.ExtenderConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The REST client behind {@link PlacementClient}, with {@code scheduler-extender.analyzer.timeout} as connect and
 * read timeout and a circuit breaker: once 4 of the last 4 calls failed, the analyzer is not called for 10 s and
 * prioritize scores without energy at once instead of waiting for the timeout on every pod. No retry: a scheduling
 * cycle cannot wait for one.
 */
@ApplicationScoped
class GuardedAnalyzer {

    private final AnalyzerApi api;
    private final String url;

    GuardedAnalyzer(ExtenderConfig config) {
        this.url = config.analyzer().url();
        long timeoutMillis = config.analyzer().timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build(AnalyzerApi.class);
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

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public PlacementAnswer placement(String program) {
        return api.placement(program);
    }
}
