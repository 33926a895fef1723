package io.escheduler.actuator.auth;

import io.escheduler.actuator.config.ActuatorConfig;
import io.escheduler.actuator.config.ActuatorConfig.Auth;
import io.escheduler.auth.Authenticator;
import io.escheduler.auth.ServiceAccountAllowList;
import io.escheduler.auth.TokenFileAuthenticator;
import io.escheduler.auth.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Builds the {@link Authenticator} of {@code node-actuator.auth.mode} at startup, so a missing or
 * unreadable token file, or a malformed allow-list, stops the agent with a message naming the key.
 */
@ApplicationScoped
public class AuthenticatorProducer {

    private static final Logger LOG = Logger.getLogger(AuthenticatorProducer.class);
    static final String SETTINGS = "node-actuator.auth";
    static final String ALLOW_LIST = SETTINGS + ".allowed-service-accounts";

    @Produces
    @Singleton
    @Startup
    Authenticator authenticator(ActuatorConfig config, Instance<KubernetesClient> client) {
        Auth auth = config.auth();
        return switch (auth.mode()) {
            case TOKEN_REVIEW -> {
                ServiceAccountAllowList allowList = ServiceAccountAllowList.parse(ALLOW_LIST, auth.allowedServiceAccounts());
                if (allowList.entries().isEmpty()) {
                    LOG.warnf("%s is empty: every request will be refused", ALLOW_LIST);
                }
                if (auth.audiences().isEmpty()) {
                    throw new IllegalArgumentException("node-actuator.auth.audiences is empty: name the audience callers' tokens are "
                            + "made for (node-actuator)");
                }
                LOG.infof("Authentication: Kubernetes TokenReview for audience %s; allowed service accounts: %s; answers cached %s",
                        String.join(", ", auth.audiences()), String.join(", ", allowList.entries()), auth.cacheTtl());
                yield new TokenReviewAuthenticator(client.get(), allowList, auth.audiences(), auth.cacheTtl(), Clock.systemUTC());
            }
            case TOKEN_FILE -> {
                TokenFileAuthenticator authenticator = TokenFileAuthenticator.open(SETTINGS, auth.tokenFile());
                LOG.infof("Authentication: tokens from %s", auth.tokenFile().orElseThrow());
                yield authenticator;
            }
        };
    }
}
