package io.escheduler.extender.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code ExtenderBindingArgs}, the body of bind: the pod kube-scheduler chose {@code Node} for. */
@RegisterForReflection
public record ExtenderBindingArgs(@JsonProperty("PodName") String podName, @JsonProperty("PodNamespace") String podNamespace,
                                  @JsonProperty("PodUID") String podUid, @JsonProperty("Node") String node) {
}
