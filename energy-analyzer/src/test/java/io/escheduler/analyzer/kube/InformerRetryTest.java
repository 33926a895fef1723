package io.escheduler.analyzer.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@link ClusterWatch} relies on in the Kubernetes client: an informer whose exception handler answers "retry"
 * keeps trying its first list while the API server is away, instead of failing its start (the client's default).
 */
class InformerRetryTest {

    @Test
    void theFirstListIsRetriedWhileTheApiServerIsAway() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        AtomicInteger failures = new AtomicInteger();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withRequestRetryBackoffLimit(0)
                .withWatchReconnectInterval(50).withWatchReconnectLimit(-1).build()).build()) {
            SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
            informer.exceptionHandler((started, failure) -> {
                failures.incrementAndGet();
                return true;
            });
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Node obj) {
                }

                @Override
                public void onUpdate(Node oldObj, Node newObj) {
                }

                @Override
                public void onDelete(Node obj, boolean deletedFinalStateUnknown) {
                }
            });
            CompletableFuture<Void> started = informer.start().toCompletableFuture();
            await().atMost(Duration.ofSeconds(20)).until(() -> failures.get() >= 3);
            assertThat(started).as("still trying, not failed").isNotDone();
            assertThat(informer.hasSynced()).isFalse();
            informer.stop();
        }
    }
}
