package io.escheduler.analyzer.auth;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.config.AnalyzerConfig.Auth;
import io.escheduler.auth.AuthOutcome;
import io.escheduler.auth.Authenticator;
import io.escheduler.auth.ProtectedApi;
import io.escheduler.auth.ServiceAccountAllowList;
import io.escheduler.auth.TokenFileAuthenticator;
import io.escheduler.auth.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which calls of the analyzer's API need a bearer token, and whose: every call that changes state (any method but
 * GET, HEAD and OPTIONS: {@code POST /v1/runs}) needs a writer's token; reads need none, or with
 * {@code energy-analyzer.auth.reads=token} a reader's or a writer's. The report page and its files, health,
 * {@code /metrics} and OpenAPI are not JAX-RS resources and stay open (the page then asks the API, which answers 401).
 * Built at start-up, so that a malformed allow-list or an unreadable token file stops the analyzer with a message
 * naming the key. Token-file mode without a file does not: reads go on, and every call that needs a token is refused
 * (503) saying which key to set.
 */
@Startup
@Singleton
public class AnalyzerApiProtection implements ProtectedApi {

    private static final Logger LOG = Logger.getLogger(AnalyzerApiProtection.class);

    static final String SETTINGS = "energy-analyzer.auth";
    static final String WRITERS = SETTINGS + ".writer-service-accounts";
    static final String READERS = SETTINGS + ".reader-service-accounts";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private record Checks(Authenticator writers, Authenticator readers) {
    }

    private final Checks checks;
    private final boolean openReads;

    @Inject
    public AnalyzerApiProtection(AnalyzerConfig config, Instance<KubernetesClient> client) {
        this(config, client::get);
    }

    /** @param client asked for only in token-review mode */
    AnalyzerApiProtection(AnalyzerConfig config, Supplier<KubernetesClient> client) {
        Auth auth = config.auth();
        this.openReads = auth.reads() == Auth.Reads.OPEN;
        Auth.Mode mode = auth.mode().orElse(config.kubernetes().enabled() ? Auth.Mode.TOKEN_REVIEW : Auth.Mode.TOKEN_FILE);
        this.checks = switch (mode) {
            case TOKEN_REVIEW -> tokenReview(auth, client, config.kubernetes().enabled());
            case TOKEN_FILE -> tokenFile(auth);
        };
    }

    private Checks tokenReview(Auth auth, Supplier<KubernetesClient> client, boolean kubernetes) {
        ServiceAccountAllowList writers = ServiceAccountAllowList.parse(WRITERS, auth.writerServiceAccounts());
        List<String> readersAndWriters = new ArrayList<>(ServiceAccountAllowList.parse(READERS, auth.readerServiceAccounts()).entries());
        readersAndWriters.addAll(writers.entries());
        ServiceAccountAllowList readers = ServiceAccountAllowList.parse(READERS, readersAndWriters);
        if (writers.entries().isEmpty()) {
            LOG.warnf("%s is empty: every write (POST /v1/runs) will be refused", WRITERS);
        }
        if (auth.audiences().isEmpty()) {
            throw new IllegalArgumentException(SETTINGS + ".audiences is empty: name the audience callers' tokens are made for "
                    + "(energy-analyzer)");
        }
        LOG.infof("Authentication: Kubernetes TokenReview for audience %s (answers cached %s); writes by %s; reads %s",
                String.join(", ", auth.audiences()), auth.cacheTtl(), String.join(", ", writers.entries()),
                openReads ? "open to all" : "by " + String.join(", ", readers.entries()));
        if (!kubernetes) {
            LOG.warnf("%s.mode=token-review while energy-analyzer.kubernetes.enabled=false: tokens are reviewed by the API server "
                    + "of the Kubernetes client's configuration; outside Kubernetes set %s.mode=token-file and %s.token-file",
                    SETTINGS, SETTINGS, SETTINGS);
        }
        TokenReviewAuthenticator reviews = new TokenReviewAuthenticator(client.get(), writers, auth.audiences(), auth.cacheTtl(),
                Clock.systemUTC());
        return new Checks(reviews, reviews.allowing(readers));
    }

    private Checks tokenFile(Auth auth) {
        if (auth.tokenFile().isPresent()) {
            Authenticator tokens = TokenFileAuthenticator.open(SETTINGS, auth.tokenFile());
            LOG.infof("Authentication: tokens from %s; reads %s", auth.tokenFile().get(), openReads ? "open to all" : "need one of them");
            return new Checks(tokens, tokens);
        }
        String reason = SETTINGS + ".token-file is not set: the analyzer accepts no token yet; set it to a file with one token per "
                + "line (or " + SETTINGS + ".mode=token-review in Kubernetes)";
        LOG.warnf("Authentication: %s. Until then every call that needs a token is refused (503)", reason);
        Authenticator none = token -> new AuthOutcome.Unavailable(reason);
        return new Checks(none, none);
    }

    @Override
    public String service() {
        return "energy-analyzer";
    }

    @Override
    public Authenticator authenticatorFor(String method, String path) {
        if (READ_METHODS.contains(method)) {
            return openReads ? null : checks.readers();
        }
        return checks.writers();
    }
}
