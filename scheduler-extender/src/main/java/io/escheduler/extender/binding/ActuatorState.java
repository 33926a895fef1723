package io.escheduler.extender.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The part of node-actuator's state answer ({@code StateView}, returned by {@code POST /v1/restore} after it read
 * every CPU and package back) that a bind checks: whether the node is still throttled, and why.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActuatorState(String node, boolean throttled, List<String> throttleReasons) {
}
