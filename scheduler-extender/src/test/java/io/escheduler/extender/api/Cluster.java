package io.escheduler.extender.api;

import io.escheduler.extender.protocol.Requests;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.function.Consumer;

/**
 * The cluster of the request files, in the Kubernetes test server before the extender starts: the four Nodes of
 * {@code requests/nodes-cluster.json} (worker-b1 throttled by cpufreq, worker-c2 by a power limit).
 */
public class Cluster implements Consumer<KubernetesServer> {

    public static final String NAMESPACE = "batch";

    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        NodeList nodes = Serialization.unmarshal(Requests.text("nodes-cluster.json"), NodeList.class);
        nodes.getItems().forEach(node -> {
            node.getMetadata().setResourceVersion(null);
            client.nodes().resource(node).create();
        });
    }
}
