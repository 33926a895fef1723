package io.escheduler.powermanager.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every error this service answers: {@code {"error": "...", "detail": ...}}. */
@RegisterForReflection
public record ApiError(String error, Object detail) {
}
