package io.escheduler.actuator.auth;

import io.escheduler.auth.Authenticator;
import io.escheduler.auth.ProtectedApi;
import jakarta.inject.Singleton;

/** Every call of the actuator's API ({@code /v1}, its only JAX-RS resource) needs a token of an allowed caller. */
@Singleton
public class ActuatorApiProtection implements ProtectedApi {

    private final Authenticator authenticator;

    public ActuatorApiProtection(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String service() {
        return "node-actuator";
    }

    @Override
    public Authenticator authenticatorFor(String method, String path) {
        return authenticator;
    }
}
