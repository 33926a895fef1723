package io.escheduler.auth;

import java.util.List;

/**
 * What authentication decided for one request. Reasons and identities never contain the token.
 * {@link #outcome()} is the {@code outcome} tag of {@code <service>_auth_total}.
 */
public sealed interface AuthOutcome {

    String outcome();

    /** The caller may make the request; {@code identity} goes to the audit log. */
    record Allowed(String identity) implements AuthOutcome {
        @Override
        public String outcome() {
            return "allowed";
        }
    }

    /** No usable token, or a token nobody vouches for (HTTP 401). {@code reason} is for the log only. */
    record Unauthenticated(String reason) implements AuthOutcome {
        @Override
        public String outcome() {
            return "unauthenticated";
        }
    }

    /** A known identity that is not on the allow-list (HTTP 403). */
    record Forbidden(String identity, List<String> allowed) implements AuthOutcome {
        @Override
        public String outcome() {
            return "forbidden";
        }
    }

    /** Authentication could not be decided: API server down or refusing, token file unreadable (HTTP 503). */
    record Unavailable(String reason) implements AuthOutcome {
        @Override
        public String outcome() {
            return "error";
        }
    }
}
