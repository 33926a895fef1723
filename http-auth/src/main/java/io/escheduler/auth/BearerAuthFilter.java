package io.escheduler.auth;

import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Bearer-token authentication of the JAX-RS endpoints of a service: those its {@link ProtectedApi} names (every
 * {@code /v1} call of node-actuator; energy-analyzer's writes, and its reads when they are closed). Health,
 * {@code /metrics}, OpenAPI and static files are Vert.x routes, not JAX-RS resources: this filter never sees them, so
 * they stay open.
 *
 * <p>Threading: this is a post-matching filter, so for the blocking resource methods of {@code /v1}
 * Quarkus REST runs it on the worker thread that will run the resource, and the authenticator is
 * called there directly. Should it run on an event-loop thread (a non-blocking resource), the
 * authenticator is called on the default worker pool and the request resumes when it answers.
 *
 * <p>Refusals: 401 with {@code WWW-Authenticate: Bearer} (no, malformed or unknown token), 403
 * (known identity not on the allow-list), 503 (authentication could not be decided). Each is logged
 * at INFO with the remote address and identity, never the token.
 */
public class BearerAuthFilter {

    private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);

    /** Request property carrying the authenticated identity from {@link #authenticate} to {@link #recordCaller}. */
    static final String IDENTITY_PROPERTY = BearerAuthFilter.class.getName() + ".identity";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ProtectedApi api;
    private final AuthMetrics metrics;
    private final Caller caller;
    private final String challenge;

    public BearerAuthFilter(ProtectedApi api, AuthMetrics metrics, Caller caller) {
        this.api = api;
        this.metrics = metrics;
        this.caller = caller;
        this.challenge = "Bearer realm=\"" + api.service() + "\"";
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        Authenticator authenticator = api.authenticatorFor(request.getMethod(), request.getUriInfo().getRequestUri().getRawPath());
        if (authenticator == null) {
            return Uni.createFrom().nullItem();
        }
        String remote = remote(http);
        String token;
        try {
            token = bearerToken(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        } catch (IllegalArgumentException missing) {
            return Uni.createFrom().item(conclude(request, remote, new AuthOutcome.Unauthenticated(missing.getMessage()), false));
        }
        if (BlockingOperationControl.isBlockingAllowed()) {
            return Uni.createFrom().item(conclude(request, remote, authenticator.authenticate(token), true));
        }
        return Uni.createFrom().item(() -> authenticator.authenticate(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(outcome -> conclude(request, remote, outcome, true));
    }

    /** Runs in the request's CDI context, which the worker pool thread above may not have. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public void recordCaller(ContainerRequestContext request) {
        if (request.getProperty(IDENTITY_PROPERTY) instanceof String identity) {
            caller.authenticatedAs(identity);
        }
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive, RFC 7235).
     *
     * @throws IllegalArgumentException saying what is wrong, without the header's value
     */
    static String bearerToken(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            throw new IllegalArgumentException("no Authorization header");
        }
        if (headers.size() > 1) {
            throw new IllegalArgumentException("more than one Authorization header");
        }
        String value = headers.get(0).strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            throw new IllegalArgumentException("Authorization header is not a Bearer token");
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty bearer token");
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("malformed bearer token");
        }
        return token;
    }

    /** @return null to let the request through, else the refusal */
    private Response conclude(ContainerRequestContext request, String remote, AuthOutcome outcome, boolean tokenPresented) {
        metrics.record(outcome);
        String target = request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath();
        if (outcome instanceof AuthOutcome.Allowed allowed) {
            LOG.debugf("Allowed %s from %s as %s", target, remote, allowed.identity());
            request.setProperty(IDENTITY_PROPERTY, allowed.identity());
            return null;
        }
        if (outcome instanceof AuthOutcome.Forbidden forbidden) {
            LOG.infof("Denied %s from %s as %s: not an allowed service account", target, remote, forbidden.identity());
            return refusal(Response.Status.FORBIDDEN, "forbidden", forbidden.identity()
                    + " may not call " + target + " of " + api.service() + "; allowed service accounts: "
                    + (forbidden.allowed().isEmpty() ? "none" : String.join(", ", forbidden.allowed())))
                    .build();
        }
        if (outcome instanceof AuthOutcome.Unavailable unavailable) {
            LOG.infof("Denied %s from %s (identity unknown): %s", target, remote, unavailable.reason());
            return refusal(Response.Status.SERVICE_UNAVAILABLE, "authentication unavailable", unavailable.reason())
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
        AuthOutcome.Unauthenticated refused = (AuthOutcome.Unauthenticated) outcome;
        LOG.infof("Denied %s from %s (identity unknown): %s", target, remote, refused.reason());
        return refusal(Response.Status.UNAUTHORIZED, "unauthenticated", tokenPresented
                ? "the bearer token was not accepted"
                : "this API needs an 'Authorization: Bearer <token>' header")
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? challenge + ", error=\"invalid_token\"" : challenge)
                .build();
    }

    private static Response.ResponseBuilder refusal(Response.Status status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new AuthError(error, detail));
    }

    private static String remote(HttpServerRequest http) {
        SocketAddress address = http == null ? null : http.remoteAddress();
        return address == null ? "unknown address" : address.toString();
    }
}
