package io.escheduler.extender.placement;

import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.token.ServiceAccountToken;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The REST client behind {@link PlacementClient}, with {@code scheduler-extender.analyzer.timeout} as connect and
 * read timeout and a circuit breaker: once 4 of the last 4 calls failed, the analyzer is not called for 10 s and
 * prioritize scores without energy at once instead of waiting for the timeout on every pod. No retry: a scheduling
 * cycle cannot wait for one. With {@code scheduler-extender.analyzer.token-file} set, every request carries its token
 * (the analyzer's reads may need one); a token file that cannot be read fails the call like an analyzer that is down.
 */
@ApplicationScoped
class GuardedAnalyzer {

    private final AnalyzerApi api;
    private final String url;
    private final Optional<ServiceAccountToken> token;

    GuardedAnalyzer(ExtenderConfig config) {
        this.url = config.analyzer().url();
        this.token = config.analyzer().tokenFile().map(ServiceAccountToken::new);
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
        return api.placement(program, authorization());
    }

    private String authorization() {
        if (token.isEmpty()) {
            return null;
        }
        try {
            return "Bearer " + token.get().get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token for the energy-analyzer from " + token.get().file()
                    + " (scheduler-extender.analyzer.token-file): " + e.getMessage(), e);
        }
    }
}
