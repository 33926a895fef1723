package io.escheduler.extender.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code ExtenderBindingResult}: an empty {@code Error} means bound; anything else fails the bind and the pod is retried. */
@RegisterForReflection
public record ExtenderBindingResult(@JsonProperty("Error") String error) {

    public static final ExtenderBindingResult BOUND = new ExtenderBindingResult("");
}
