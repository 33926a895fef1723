package io.escheduler.auth;

/** Decides who presented a bearer token and whether they may make the requests it is asked about. */
public interface Authenticator {

    /**
     * May block (a TokenReview is an HTTP call, the token file is read from disk): never call it on
     * an event-loop thread.
     */
    AuthOutcome authenticate(String token);
}
