package io.escheduler.extender.nodes;

import io.escheduler.extender.config.ExtenderConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every Node's {@link NodeState}, kept current by an informer (list + watch, cluster-wide: RBAC nodes
 * get/list/watch). The verbs read only this map: no API call per request. Until the first list has
 * completed every node is unknown (passed through, neutral score) and readiness is down; a failing
 * list or watch (API server away, RBAC missing) is logged once and retried with the client's backoff.
 * Requests look nodes up in {@link #index()}, rebuilt only when a node's state changed ({@link NodeStates}).
 */
@ApplicationScoped
public class NodeCache {

    private static final Logger LOG = Logger.getLogger(NodeCache.class);

    private final String systemLabel;
    private final Duration resync;
    private final NodeStates states = new NodeStates();
    private final Object changed = new Object();
    private volatile boolean synced;
    private SharedIndexInformer<Node> informer;

    public NodeCache(ExtenderConfig config, MeterRegistry registry) {
        this.systemLabel = config.systemLabel();
        this.resync = config.resync();
        Gauge.builder("extender.nodes.cached", states, NodeStates::size).description("Nodes in the extender's informer cache").register(registry);
        Gauge.builder("extender.nodes.synced", this, cache -> cache.synced ? 1 : 0)
                .description("1 once the Node informer has listed every Node, else 0").register(registry);
    }

    /** Starts the informer; returns at once. */
    public synchronized void start(KubernetesClient client) {
        LOG.infof("watching Nodes on %s (system label %s)", client.getMasterUrl(), systemLabel);
        SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(resync.toMillis()).itemStore(new MetadataOnlyStore());
        AtomicBoolean warned = new AtomicBoolean();
        nodes.exceptionHandler((started, failure) -> {
            if (warned.compareAndSet(false, true)) {
                LOG.warnf("Node informer: %s (%s); retrying with backoff until it works: until then every node is unknown "
                        + "(passed through, neutral score; RBAC: nodes get/list/watch)", started ? "the watch failed" : "cannot list", failure);
            }
            return true;
        });
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                put(node);
            }

            @Override
            public void onUpdate(Node before, Node node) {
                put(node);
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                states.remove(node.getMetadata().getName());
            }
        });
        informer = nodes;
        nodes.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                // the handler gets the listed Nodes asynchronously (thousands may still be queued): take them from the
                // informer's store, so that readiness means every listed Node is here (an equal state changes nothing)
                nodes.getStore().list().forEach(NodeCache.this::put);
                synced = true;
                LOG.infof("Node informer synced: %d nodes", states.size());
            }
        });
    }

    public synchronized void stop() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
        synced = false;
    }

    private void put(Node node) {
        String name = node.getMetadata().getName();
        states.put(name, NodeState.fromMetadata(name, node.getMetadata().getLabels(), node.getMetadata().getAnnotations(), systemLabel));
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The node's state, null when the cache does not hold it. */
    public NodeState get(String name) {
        return states.get(name);
    }

    /**
     * The current states for lookups by name bytes: a request takes it once and looks up its thousands of candidates
     * there. Holds every change the informer has delivered before the call.
     */
    public NodeIndex index() {
        return states.index();
    }

    /** The first list has completed. */
    public boolean synced() {
        return synced;
    }

    /** Waits up to {@code timeout} for the cache to hold {@code node} as not throttled; whether it does. */
    public boolean awaitUnthrottled(String node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                NodeState state = states.get(node);
                if (state != null && !state.throttled()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
