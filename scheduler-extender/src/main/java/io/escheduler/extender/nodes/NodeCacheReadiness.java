package io.escheduler.extender.nodes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the Node informer has listed every Node: before that every node would be unknown to the verbs. */
@Readiness
@jakarta.enterprise.context.ApplicationScoped
public class NodeCacheReadiness implements HealthCheck {

    private final NodeCache nodes;

    public NodeCacheReadiness(NodeCache nodes) {
        this.nodes = nodes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("node-cache").status(nodes.synced()).build();
    }
}
