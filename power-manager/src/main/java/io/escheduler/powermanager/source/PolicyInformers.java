package io.escheduler.powermanager.source;

import io.escheduler.policies.Mode;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.powermanager.engine.LiveCluster;
import io.escheduler.powermanager.engine.PolicySettingsMapping;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The API server's view the power policies plan on, cached by informers:
 * <ul>
 *   <li>Nodes, cluster-wide.</li>
 *   <li>Every pod of every namespace: the policies need them all (DaemonSet and static pods, which stay on a node
 *   being emptied; pending pods and the scheduler's {@code PodScheduled} verdict; every workload's requests).
 *   Indexed by {@code spec.nodeName}, so {@link #podsOn} is a lookup, not a scan.</li>
 *   <li>policy/v1 PodDisruptionBudgets of every namespace.</li>
 * </ul>
 * Started at startup when at least one policy is not {@code off}; stopped at shutdown. Lists are paged; every object
 * is stored without {@code managedFields} ({@link LeanStore}); no resync (nothing handles events: the caches are read
 * when a snapshot is taken). A failing list or watch (API server away, RBAC missing: get/list/watch of nodes, pods and
 * policy poddisruptionbudgets) is logged once per informer and retried with the client's backoff while power-manager
 * keeps serving; {@code power_manager_kubernetes_informer_synced{resource="nodes|pods|pod-disruption-budgets"}} says
 * whether each has listed.
 */
@ApplicationScoped
public class PolicyInformers implements LiveCluster {

    private static final Logger LOG = Logger.getLogger(PolicyInformers.class);

    /** The pods' index by {@code spec.nodeName}; unbound pods are not in it. */
    static final String BY_NODE = "spec.nodeName";
    /**
     * Objects per page of the informers' list calls (client-go's reflector pages by 500 too): the first list of a
     * large cluster's pods is many pages, not one response of hundreds of megabytes for the API server to build and
     * this process to hold while parsing.
     */
    static final long LIST_PAGE = 500;

    private final Instance<KubernetesClient> client;
    private final PowerManagerConfig config;
    private final MeterRegistry registry;
    private volatile SharedIndexInformer<Node> nodeInformer;
    private volatile SharedIndexInformer<Pod> podInformer;
    private volatile SharedIndexInformer<PodDisruptionBudget> budgetInformer;
    private volatile boolean stopped;

    public PolicyInformers(Instance<KubernetesClient> client, PowerManagerConfig config, MeterRegistry registry) {
        this.client = client;
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        List<PolicyName> active = active(PolicySettingsMapping.from(config).modes());
        if (active.isEmpty()) {
            LOG.infof("power policy informers not started: every power-manager.*.mode is off");
        } else {
            start(active);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** The policies whose mode is not {@code off}, in {@link PolicyName} order. */
    static List<PolicyName> active(Map<PolicyName, Mode> modes) {
        return modes.entrySet().stream().filter(e -> e.getValue() != Mode.OFF).map(Map.Entry::getKey).sorted().toList();
    }

    /** Starts the Node, pod and budget informers; returns at once (they list and watch in the background). */
    synchronized void start(List<PolicyName> forPolicies) {
        if (podInformer != null) {
            return;
        }
        stopped = false;
        KubernetesClient kube = client.get();
        LOG.infof("watching every Node, pod and PodDisruptionBudget on %s for the power policies %s", kube.getMasterUrl(),
                forPolicies.stream().map(PolicyName::wireName).toList());

        SharedIndexInformer<Node> nodes = kube.nodes().withLimit(LIST_PAGE).runnableInformer(0);
        nodes.itemStore(new LeanStore<>());

        SharedIndexInformer<Pod> pods = kube.pods().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0);
        pods.itemStore(new LeanStore<>());
        pods.addIndexers(Map.of(BY_NODE, PolicyInformers::nodeNameOf));
        SharedIndexInformer<PodDisruptionBudget> budgets = kube.policy().v1().podDisruptionBudget().inAnyNamespace().withLimit(LIST_PAGE)
                .runnableInformer(0);
        budgets.itemStore(new LeanStore<>());
        nodeInformer = nodes;
        podInformer = pods;
        budgetInformer = budgets;
        gauge("nodes", self -> self.nodeInformer);
        gauge("pods", self -> self.podInformer);
        gauge("pod-disruption-budgets", self -> self.budgetInformer);
        run(nodes, "Node");
        run(pods, "pod");
        run(budgets, "PodDisruptionBudget");
    }

    private static List<String> nodeNameOf(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? List.of() : List.of(node);
    }

    private void gauge(String resource, Function<PolicyInformers, SharedIndexInformer<?>> informer) {
        Gauge.builder("power.manager.kubernetes.informer.synced", this, self -> synced(informer.apply(self)) ? 1 : 0)
                .tag("resource", resource)
                .description("1 once the informer has listed its resource from the API server, else 0").register(registry);
    }

    private <T> void run(SharedIndexInformer<T> informer, String kind) {
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, failure) -> retry(kind, warned, started, failure));
        informer.start().whenComplete((ignored, failure) -> {
            if (stopped) {
                return;
            }
            if (failure != null) {
                LOG.errorf(failure, "the policies' %s informer stopped before it synced: no cluster snapshots for the power policies", kind);
            } else {
                LOG.infof("policies' %s informer synced: %d cached", kind, informer.getStore().list().size());
            }
        });
    }

    /** Every failure is retried with the client's backoff (up to about 30 s); the first one is explained once. */
    private boolean retry(String kind, AtomicBoolean warned, boolean started, Throwable failure) {
        if (stopped) {
            return false;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("policies' %s informer: %s (%s); retrying with backoff until it works%s", kind,
                    started ? "the watch failed" : "cannot list yet", failure,
                    started ? "" : ": no cluster snapshots for the power policies meanwhile (RBAC: get/list/watch of nodes, pods "
                            + "and policy poddisruptionbudgets in every namespace)");
        } else {
            LOG.debugf("policies' %s informer: %s; retrying", kind, failure);
        }
        return true;
    }

    synchronized void stop() {
        stopped = true;
        if (nodeInformer != null) {
            nodeInformer.stop();
            nodeInformer = null;
        }
        if (podInformer != null) {
            podInformer.stop();
            podInformer = null;
        }
        if (budgetInformer != null) {
            budgetInformer.stop();
            budgetInformer = null;
        }
    }

    /** Whether the informers were started (a policy not {@code off}). */
    public boolean started() {
        return podInformer != null;
    }

    /** Whether Nodes, pods and PodDisruptionBudgets have all been listed at least once. */
    @Override
    public boolean synced() {
        return synced(nodeInformer) && synced(podInformer) && synced(budgetInformer);
    }

    /** Which of {@code nodes}, {@code pods} and {@code poddisruptionbudgets} have not been listed yet; empty once {@link #synced()}. */
    public List<String> unsynced() {
        List<String> missing = new ArrayList<>(3);
        if (!synced(nodeInformer)) {
            missing.add("nodes");
        }
        if (!synced(podInformer)) {
            missing.add("pods");
        }
        if (!synced(budgetInformer)) {
            missing.add("poddisruptionbudgets");
        }
        return missing;
    }

    private static boolean synced(SharedIndexInformer<?> informer) {
        return informer != null && informer.hasSynced();
    }

    /** Every cached Node; empty when not started. */
    @Override
    public List<Node> nodes() {
        SharedIndexInformer<Node> informer = nodeInformer;
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** The cached Node called {@code name}, or null. */
    @Override
    public Node node(String name) {
        SharedIndexInformer<Node> informer = nodeInformer;
        return informer == null ? null : informer.getStore().getByKey(name);
    }

    /** The cached pods bound to {@code nodeName} ({@code spec.nodeName}), finished ones included; empty when not started. */
    @Override
    public List<Pod> podsOn(String nodeName) {
        SharedIndexInformer<Pod> informer = podInformer;
        return informer == null ? List.of() : informer.getIndexer().byIndex(BY_NODE, nodeName);
    }

    /** The cached pods of {@code namespace} whose labels include every entry of {@code labels}; empty when not started. */
    @Override
    public List<Pod> pods(String namespace, Map<String, String> labels) {
        SharedIndexInformer<Pod> informer = podInformer;
        if (informer == null) {
            return List.of();
        }
        List<Pod> matching = new ArrayList<>();
        for (Pod pod : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            if (hasLabels(pod, labels)) {
                matching.add(pod);
            }
        }
        return matching;
    }

    private static boolean hasLabels(Pod pod, Map<String, String> labels) {
        Map<String, String> own = pod.getMetadata().getLabels();
        return labels.isEmpty() || own != null && own.entrySet().containsAll(labels.entrySet());
    }

    /** Every cached pod. */
    List<Pod> pods() {
        SharedIndexInformer<Pod> informer = podInformer;
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** Every cached PodDisruptionBudget. */
    List<PodDisruptionBudget> budgets() {
        SharedIndexInformer<PodDisruptionBudget> informer = budgetInformer;
        return informer == null ? List.of() : informer.getStore().list();
    }
}
