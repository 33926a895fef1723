package io.escheduler.extender.binding;

import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.nodes.ActuatorPods;
import io.escheduler.extender.token.ServiceAccountToken;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Restores a node through its node-actuator: finds the actuator ({@code pods} discovery: the actuator pod on the node,
 * at its pod IP; {@code url-template}: the configured URL), authenticates with the service-account token and waits
 * at most {@code scheduler-extender.actuator.timeout}. A client is built per restore and closed after it: restores are
 * rare (one per bind to a throttled node) and actuator addresses change with their pods.
 */
@ApplicationScoped
public class ActuatorClient {

    private final ExtenderConfig.Actuator config;
    private final ActuatorPods pods;
    private final ServiceAccountToken token;

    public ActuatorClient(ExtenderConfig config, ActuatorPods pods) {
        this.config = config.actuator();
        this.pods = pods;
        this.token = new ServiceAccountToken(config.actuator().tokenFile());
    }

    /** Base URL of the actuator of {@code node}, if one is known. */
    Optional<String> baseUrl(String node) {
        return switch (config.discovery()) {
            case PODS -> pods.baseUrl(node);
            case URL_TEMPLATE -> Optional.of(config.urlTemplate().replace("{node}", node));
        };
    }

    /**
     * {@code POST /v1/restore} on the node's actuator; the state it read back.
     *
     * @throws RestoreFailedException naming the node, the actuator and what went wrong
     */
    public ActuatorState restore(String node) throws RestoreFailedException {
        String url = baseUrl(node).orElseThrow(() -> new RestoreFailedException("no node-actuator pod with an IP on node " + node
                + " (pods " + config.selector() + " in namespace " + config.namespace() + ")"));
        String bearer;
        try {
            bearer = "Bearer " + token.get();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot read the token for node-actuator from " + token.file() + ": " + e.getMessage());
        }
        long timeoutMillis = config.timeout().toMillis();
        ActuatorApi api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS).readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build(ActuatorApi.class);
        try {
            ActuatorState state = api.restore(bearer);
            if (state == null) {
                throw new RestoreFailedException("node-actuator at " + url + " answered POST /v1/restore without a state");
            }
            return state;
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            throw new RestoreFailedException("node-actuator at " + url + " refused POST /v1/restore: HTTP " + status + body(e));
        } catch (ProcessingException e) {
            throw new RestoreFailedException("node-actuator at " + url + " was unreachable or did not answer POST /v1/restore within "
                    + config.timeout().toMillis() + " ms: " + rootMessage(e));
        } finally {
            if (api instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // nothing is left to release that the next restore depends on
                }
            }
        }
    }

    private static String body(WebApplicationException e) {
        try {
            String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            return body == null || body.isBlank() ? "" : " " + body.strip();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
