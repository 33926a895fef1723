package io.escheduler.extender.nodes;

import io.escheduler.extender.config.ExtenderConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node-actuator pod of each node ({@code scheduler-extender.actuator.discovery=pods}): an informer on the pods
 * matching {@code scheduler-extender.actuator.selector} in {@code scheduler-extender.actuator.namespace} (a Role
 * there: pods get/list/watch), indexed by {@code spec.nodeName}. During a DaemonSet rolling update a node may briefly
 * have two: a ready one with an IP is preferred.
 */
@ApplicationScoped
public class ActuatorPods {

    private static final Logger LOG = Logger.getLogger(ActuatorPods.class);
    private static final String BY_NODE = "node";

    private final ExtenderConfig.Actuator config;
    private final long resyncMillis;
    private SharedIndexInformer<Pod> informer;

    public ActuatorPods(ExtenderConfig config) {
        this.config = config.actuator();
        this.resyncMillis = config.resync().toMillis();
    }

    /** Starts the informer; returns at once. */
    public synchronized void start(KubernetesClient client) {
        LOG.infof("watching node-actuator pods %s in namespace %s", config.selector(), config.namespace());
        Map<String, String> labels = selector(config.selector());
        SharedIndexInformer<Pod> pods = client.pods().inNamespace(config.namespace()).withLabels(labels).runnableInformer(resyncMillis);
        pods.addIndexers(Map.of(BY_NODE, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null ? List.of()
                : List.of(pod.getSpec().getNodeName())));
        AtomicBoolean warned = new AtomicBoolean();
        pods.exceptionHandler((started, failure) -> {
            if (warned.compareAndSet(false, true)) {
                LOG.warnf("node-actuator pod informer: %s (%s); retrying with backoff: until it works no throttled node can be "
                        + "restored, so binds to throttled nodes fail (RBAC: a Role on pods get/list/watch in %s)",
                        started ? "the watch failed" : "cannot list", failure, config.namespace());
            }
            return true;
        });
        informer = pods;
        pods.start();
    }

    public synchronized void stop() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
    }

    /** {@code http://<pod IP>:<port>} of the actuator on {@code node}, if one with an IP is known. */
    public synchronized Optional<String> baseUrl(String node) {
        if (informer == null) {
            return Optional.empty();
        }
        return informer.getIndexer().byIndex(BY_NODE, node).stream()
                .filter(pod -> pod.getStatus() != null && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isBlank())
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparing(ActuatorPods::ready))
                .map(pod -> {
                    String ip = pod.getStatus().getPodIP();
                    return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + config.port();
                });
    }

    private static boolean ready(Pod pod) {
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** {@code a=b,c=d} as a map; only equality selectors, which is what a DaemonSet's pods carry. */
    static Map<String, String> selector(String selector) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String part : selector.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("scheduler-extender.actuator.selector: '" + part
                        + "' is not label=value (only equality selectors, comma-separated)");
            }
            labels.put(pair[0].strip(), pair[1].strip());
        }
        return labels;
    }
}
