package io.escheduler.analyzer.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Never run: what {@link KubernetesReadOnlyTest} must find if the analyzer's code ever did it, a Node patch, an eviction
 * and a Secret read. The test scans this class to show that its scan finds what it looks for.
 */
final class DeliberateWrites {

    private DeliberateWrites() {
    }

    static void cordon(KubernetesClient client, String node) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
    }

    static void evict(KubernetesClient client, String namespace, String pod) {
        client.pods().inNamespace(namespace).withName(pod).evict();
    }

    static Secret bmcLogin(KubernetesClient client) {
        return client.secrets().inNamespace("escheduler").withName("bmc-login").get();
    }
}
