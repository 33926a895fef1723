package io.escheduler.powermanager.execute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.Map;
import java.util.function.Consumer;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pod;

/**
 * The {@link MigrationTestbed}'s nodes as the Kubernetes test server holds them (4 CPUs each), with their pods:
 * {@value MigrationTestbed#HOT} runs web-1 (1 CPU) and web-2 (500m), {@value MigrationTestbed#BUSY} batch-1 (2 CPUs)
 * and batch-2 (500m), {@value MigrationTestbed#COOL} api-1 (500m); each also an exporter DaemonSet pod.
 */
public class MigrationCluster implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        for (String node : new String[] {MigrationTestbed.HOT, MigrationTestbed.BUSY, MigrationTestbed.COOL}) {
            create(client, node(node, true, Map.of(), Map.of()));
            create(client, pod("monitoring", "exporter-" + node, node, "DaemonSet", "50m"));
        }
        create(client, pod("shop", "web-1", MigrationTestbed.HOT, "ReplicaSet", "1"));
        create(client, pod("shop", "web-2", MigrationTestbed.HOT, "ReplicaSet", "500m"));
        create(client, pod("shop", "batch-1", MigrationTestbed.BUSY, "ReplicaSet", "2"));
        create(client, pod("shop", "batch-2", MigrationTestbed.BUSY, "ReplicaSet", "500m"));
        create(client, pod("shop", "api-1", MigrationTestbed.COOL, "ReplicaSet", "500m"));
    }
}
