package io.escheduler.auth;

/**
 * What a service that uses this library tells {@link BearerAuthFilter}: its name and which of its JAX-RS requests
 * need a bearer token, checked by which {@link Authenticator}. Each service produces exactly one bean of this type.
 * Health, {@code /metrics}, OpenAPI and static files are Vert.x routes, which the filter never sees: they stay open.
 */
public interface ProtectedApi {

    /**
     * The service's name, e.g. {@code node-actuator}: the realm of {@code WWW-Authenticate}, the name a 403 says the
     * caller may not use, and the metric {@code <name>_auth_total} (dashes become underscores).
     */
    String service();

    /**
     * The authenticator that decides a request, or null when it needs no token (an open read).
     *
     * @param method the HTTP method, upper case
     * @param path   the request path, e.g. {@code /v1/runs}
     */
    Authenticator authenticatorFor(String method, String path);
}
