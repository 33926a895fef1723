package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two informers of run discovery (docs/architecture.md, "Kubernetes vocabulary"):
 * <ul>
 *   <li>Nodes, cluster-wide: each Node's system label is written to the {@code node} table ({@link NodeSystems}).</li>
 *   <li>Pods labelled {@code energy-analyzer.kubernetes.program-label} in every namespace, started only once the Node
 *   informer has synced: a pod that finished ({@code Succeeded} or {@code Failed}) becomes a run
 *   ({@link PodRunQueue}), including the finished pods found by the first list at start-up.</li>
 * </ul>
 * Both only need get/list/watch. Failing list or watch calls (API server away, RBAC missing) are logged and retried
 * with the client's backoff, from the first list on: the analyzer starts and serves its REST API meanwhile, and
 * {@code energy_analyzer_kubernetes_informer_synced} says whether each informer has synced.
 * With several replicas every replica records the same pods; the runs table keeps one. Nothing here writes to the
 * API server: the analyzer only reads it (KubernetesReadOnlyTest).
 */
@ApplicationScoped
public class ClusterWatch {

    private static final Logger LOG = Logger.getLogger(ClusterWatch.class);

    private final Instance<KubernetesClient> client;
    private final AnalyzerConfig config;
    private final NodeSystems nodes;
    private final PodRunQueue queue;
    private final AtomicInteger nodesSynced = new AtomicInteger();
    private final AtomicInteger podsSynced = new AtomicInteger();
    private volatile SharedIndexInformer<Node> nodeInformer;
    private volatile SharedIndexInformer<Pod> podInformer;
    private volatile boolean stopped;

    public ClusterWatch(Instance<KubernetesClient> client, AnalyzerConfig config, NodeSystems nodes, PodRunQueue queue,
                        MeterRegistry registry) {
        this.client = client;
        this.config = config;
        this.nodes = nodes;
        this.queue = queue;
        synced(registry, "nodes", nodesSynced);
        synced(registry, "pods", podsSynced);
    }

    private static void synced(MeterRegistry registry, String resource, AtomicInteger value) {
        Gauge.builder("energy.analyzer.kubernetes.informer.synced", value, AtomicInteger::get).tag("resource", resource)
                .description("1 once the informer has listed its resource from the API server, else 0").register(registry);
    }

    /** Starts the Node informer, and the pod informer once the nodes are synced. Returns at once. */
    synchronized void start() {
        stopped = false;
        queue.start();
        KubernetesClient kube = client.get();
        long resyncMillis = config.kubernetes().resync().toMillis();
        LOG.infof("watching Nodes (system label %s) and pods labelled %s in all namespaces on %s", config.systems().nodeLabel(),
                config.kubernetes().programLabel(), kube.getMasterUrl());

        SharedIndexInformer<Node> informer = kube.nodes().runnableInformer(resyncMillis);
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, failure) -> retry("Node", warned, started, failure));
        informer.addEventHandler(new NodeEvents());
        nodes.lookUpNodesIn(name -> informer.getStore().getByKey(name));
        nodeInformer = informer;
        informer.start().whenComplete((ignored, failure) -> {
            if (stopped) {
                return;
            }
            if (failure != null) {
                LOG.errorf(failure, "the Node informer stopped before it synced: no runs are discovered from pods");
                return;
            }
            nodesSynced.set(1);
            LOG.infof("Node informer synced: %d nodes", informer.getStore().list().size());
            startPods(kube, resyncMillis);
        });
    }

    private synchronized void startPods(KubernetesClient kube, long resyncMillis) {
        if (stopped) {
            return;
        }
        String label = config.kubernetes().programLabel();
        SharedIndexInformer<Pod> informer = kube.pods().inAnyNamespace().withLabel(label).runnableInformer(resyncMillis);
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, failure) -> retry("pod", warned, started, failure));
        informer.addEventHandler(new PodEvents(label));
        podInformer = informer;
        informer.start().whenComplete((ignored, failure) -> {
            if (stopped) {
                return;
            }
            if (failure != null) {
                LOG.errorf(failure, "the pod informer stopped before it synced: no runs are discovered from pods");
                return;
            }
            podsSynced.set(1);
            LOG.infof("pod informer synced: %d pods labelled %s", informer.getStore().list().size(), label);
        });
    }

    /**
     * Every failure is retried, with the client's backoff (up to about 30 s): discovery must outlive an API server
     * restart or a late RBAC grant. The client logs each failure; this says once what it means here.
     */
    private boolean retry(String kind, AtomicBoolean warned, boolean started, Throwable failure) {
        if (stopped) {
            return false;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("%s informer: %s (%s); retrying with backoff until it works%s", kind, started ? "the watch failed" : "cannot list yet",
                    failure, started ? "" : ": no runs are discovered from pods meanwhile (RBAC: pods and nodes get/list/watch)");
        } else {
            LOG.debugf("%s informer: %s; retrying", kind, failure);
        }
        return true;
    }

    synchronized void stop() {
        stopped = true;
        if (podInformer != null) {
            podInformer.stop();
            podInformer = null;
        }
        if (nodeInformer != null) {
            nodeInformer.stop();
            nodeInformer = null;
        }
        nodesSynced.set(0);
        podsSynced.set(0);
        queue.stop(Duration.ofSeconds(5));
    }

    /** Node events go to the discovery thread, in order, before the pods that follow them. */
    private final class NodeEvents implements ResourceEventHandler<Node> {

        @Override
        public void onAdd(Node node) {
            queue.execute(() -> sync(node));
        }

        @Override
        public void onUpdate(Node before, Node node) {
            queue.execute(() -> sync(node));
        }

        /** A failed write (database away) is tried again at the Node's next event, or its resync at the latest. */
        private void sync(Node node) {
            try {
                nodes.sync(node);
            } catch (RuntimeException e) {
                LOG.warnf("Node %s: writing its system failed, retried at its next event or within %s: %s", node.getMetadata().getName(),
                        config.kubernetes().resync(), e);
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            LOG.debugf("Node %s deleted; it stays in system %s for the runs that name it", node.getMetadata().getName(),
                    nodes.systemOf(node));
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {

        private final String label;

        PodEvents(String label) {
            this.label = label;
        }

        @Override
        public void onAdd(Pod pod) {
            consider(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            consider(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            PodRuns.Reading reading = PodRuns.read(pod, label);
            queue.deleted(pod.getMetadata().getUid(), reading.run());
        }

        private void consider(Pod pod) {
            PodRuns.Reading reading = PodRuns.read(pod, label);
            if (reading.run() != null) {
                queue.offer(reading.run());
            } else if (reading.skipped() != null && LOG.isDebugEnabled()) {
                LOG.debugf("pod %s/%s finished but is no run: %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        reading.skipped());
            }
        }
    }
}
