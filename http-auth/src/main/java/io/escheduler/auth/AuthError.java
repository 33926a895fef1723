package io.escheduler.auth;

/** The error body of a refused request, the shape every actuator error has. */
public record AuthError(String error, String detail) {
}
