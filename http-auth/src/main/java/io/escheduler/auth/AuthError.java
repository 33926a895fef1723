package io.escheduler.auth;

/** The error body of a refused request: {@code {"error": "...", "detail": "..."}}, the shape of every error of the services. */
public record AuthError(String error, String detail) {
}
