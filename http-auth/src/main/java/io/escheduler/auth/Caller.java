package io.escheduler.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who made the current {@code /v1} request, for audit logs: the service account user name
 * ({@code system:serviceaccount:escheduler:scheduler-extender}) or the token's name from the token
 * file. Set by {@link BearerAuthFilter} before the resource method runs.
 */
@RequestScoped
public class Caller {

    static final String ANONYMOUS = "anonymous";

    private String name = ANONYMOUS;
    private boolean authenticated;

    /** The identity, or {@code anonymous} outside an authenticated request. */
    public String name() {
        return name;
    }

    public boolean authenticated() {
        return authenticated;
    }

    void authenticatedAs(String identity) {
        this.name = identity;
        this.authenticated = true;
    }
}
