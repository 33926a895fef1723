package io.escheduler.powermanager.execute;

import io.escheduler.policies.execute.ClusterOperations;
import io.escheduler.policies.execute.Eviction;
import io.escheduler.policies.execute.NodeView;
import io.escheduler.policies.execute.OperationException;
import io.escheduler.policies.execute.PlanExecutor;
import io.escheduler.policies.execute.PowerSwitch;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.engine.LiveCluster;
import io.escheduler.powermanager.kube.KubeSnapshots;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The executor's cluster operations on Kubernetes ({@link PlanExecutor} decides what to do): questions answered from
 * the informer caches ({@link LiveCluster}), never an API call per question; Node changes through the API server, a
 * JSON patch of the difference (the cache follows through its watch); evictions through the Eviction API
 * ({@code policy/v1}) without retries; power through the configured drivers ({@link NodePower}).
 */
public final class KubernetesOperations implements ClusterOperations, PowerSwitch {

    private final KubernetesClient client;
    /** The same client without retries: a 429 from the Eviction API is an answer to report, not to wait out with backoff. */
    private final KubernetesClient evictions;
    private final LiveCluster cluster;
    private final NodePower power;

    public KubernetesOperations(KubernetesClient client, LiveCluster cluster, NodePower power) {
        this.client = client;
        this.evictions = client.newClient(new RequestConfigBuilder().withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
        this.cluster = cluster;
        this.power = power;
    }

    @Override
    public NodeView node(String name) {
        Node node = cluster.node(name);
        return node == null ? null : view(node);
    }

    @Override
    public List<NodeView> nodesAnnotated(String key) {
        return cluster.nodesAnnotated(key).stream().map(KubernetesOperations::view).toList();
    }

    @Override
    public List<String> workloadPods(String node) {
        List<String> names = new ArrayList<>();
        for (Pod pod : cluster.podsOn(node)) {
            if (KubeSnapshots.pod(pod, List.of()).workload()) {
                names.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void cordon(String node, PolicyName by) throws OperationException {
        edit(node, n -> {
            n.getSpec().setUnschedulable(true);
            n.getMetadata().getAnnotations().put(PlanExecutor.CORDONED_BY, by.wireName());
        });
    }

    @Override
    public boolean uncordon(String node) throws OperationException {
        boolean[] ours = new boolean[1];
        edit(node, n -> {
            ours[0] = n.getMetadata().getAnnotations().remove(PlanExecutor.CORDONED_BY) != null;
            if (ours[0]) {
                n.getSpec().setUnschedulable(false);
            }
        });
        return ours[0];
    }

    @Override
    public Eviction evict(String namespace, String pod) throws OperationException {
        try {
            // policy/v1, served since Kubernetes 1.22 (fabric8's evict() without argument sends policy/v1beta1)
            boolean admitted = evictions.pods().inNamespace(namespace).withName(pod).evict(new EvictionBuilder()
                    .withNewMetadata().withName(pod).withNamespace(namespace).endMetadata().build());
            return admitted ? Eviction.EVICTED : Eviction.REFUSED_BY_BUDGET;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Eviction.GONE;
            }
            throw new OperationException(message(e), e);
        }
    }

    @Override
    public void annotate(String node, Map<String, String> set, Set<String> remove) throws OperationException {
        edit(node, n -> {
            remove.forEach(n.getMetadata().getAnnotations()::remove);
            n.getMetadata().getAnnotations().putAll(set);
        });
    }

    @Override
    public void powerOn(String node) throws OperationException, InterruptedException {
        switchPower(node, power::powerOn);
    }

    @Override
    public void powerOff(String node) throws OperationException, InterruptedException {
        switchPower(node, power::powerOff);
    }

    private interface Switch {
        void apply(Node node) throws Exception;
    }

    /** {@code action} on the cached Node; a driver's error becomes the operation's, its message kept. */
    private void switchPower(String node, Switch action) throws OperationException, InterruptedException {
        Node current = existing(node);
        try {
            action.apply(current);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new OperationException(message(e), e);
        }
    }

    private Node existing(String node) throws OperationException {
        Node current = cluster.node(node);
        if (current == null) {
            throw new OperationException("node " + node + " no longer exists");
        }
        return current;
    }

    /** Edits the Node through the API server (a JSON patch of the difference); the cache follows through its watch. */
    private void edit(String node, Consumer<Node> change) throws OperationException {
        try {
            client.nodes().withName(node).edit(n -> {
                Node copy = new NodeBuilder(n).build();
                if (copy.getMetadata().getAnnotations() == null) {
                    copy.getMetadata().setAnnotations(new HashMap<>());
                }
                if (copy.getSpec() == null) {
                    copy.setSpec(new NodeSpec());
                }
                change.accept(copy);
                return copy;
            });
        } catch (KubernetesClientException e) {
            throw new OperationException(message(e), e);
        }
    }

    private static NodeView view(Node node) {
        NodeSnapshot snapshot = KubeSnapshots.node(node);
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return new NodeView(snapshot.name(), snapshot.ready(), snapshot.unschedulable(), snapshot.poweredOff(),
                annotations == null ? Map.of() : annotations);
    }

    private static String message(Exception e) {
        if (e instanceof KubernetesClientException k) {
            return "Kubernetes API: HTTP " + k.getCode() + " " + (k.getStatus() == null ? k.getMessage() : k.getStatus().getMessage());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
