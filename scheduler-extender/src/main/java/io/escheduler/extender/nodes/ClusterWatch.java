package io.escheduler.extender.nodes;

import io.escheduler.extender.config.ExtenderConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/** Starts the informers at start-up (the actuator pods' only with {@code pods} discovery) and stops them at shutdown. */
@ApplicationScoped
public class ClusterWatch {

    private final Instance<KubernetesClient> client;
    private final ExtenderConfig config;
    private final NodeCache nodes;
    private final ActuatorPods actuators;

    public ClusterWatch(Instance<KubernetesClient> client, ExtenderConfig config, NodeCache nodes, ActuatorPods actuators) {
        this.client = client;
        this.config = config;
        this.nodes = nodes;
        this.actuators = actuators;
    }

    void onStart(@Observes StartupEvent event) {
        nodes.start(client.get());
        if (config.actuator().discovery() == ExtenderConfig.Discovery.PODS) {
            actuators.start(client.get());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        actuators.stop();
        nodes.stop();
    }
}
