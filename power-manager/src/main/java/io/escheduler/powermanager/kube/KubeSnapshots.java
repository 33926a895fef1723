package io.escheduler.powermanager.kube;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.DisruptionBudget;
import io.escheduler.policies.model.NodeAffinity;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.policies.model.NodeRequirement;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.SchedulingFailure;
import io.escheduler.policies.model.SchedulingMessages;
import io.escheduler.policies.model.Taint;
import io.escheduler.policies.model.Toleration;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Kubernetes objects (as the fabric8 informers cache them) to the policies' snapshot model. Missing fields take
 * the API's defaults; annotations that do not parse are treated as absent.
 */
public final class KubeSnapshots {

    static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    static final String MASTER = "node-role.kubernetes.io/master";
    static final String THROTTLE_REASON = "energy.escheduler.io/throttle-reason";
    static final String CPU_MAX_KHZ = "energy.escheduler.io/cpu-max-khz";
    static final String POWER_LIMIT_WATTS = "energy.escheduler.io/power-limit-watts";
    static final String MIRROR = "kubernetes.io/config.mirror";

    private KubeSnapshots() {
    }

    /**
     * The whole snapshot; {@code metrics} by node name.
     *
     * @param blocked what the executor cannot do on a node for reasons outside the Node object (no power driver can
     *                switch it: {@link io.escheduler.powermanager.execute.NodePower#blocked}); may be empty
     */
    public static ClusterSnapshot snapshot(Instant takenAt, Collection<Node> nodes, Collection<Pod> pods,
                                           Collection<PodDisruptionBudget> budgets, Map<String, NodeMetrics> metrics,
                                           Function<Node, Map<ActionKind, String>> blocked) {
        return snapshot(takenAt, nodes, pods, budgets, metrics, blocked, new PodConversions());
    }

    /**
     * {@link #snapshot(Instant, Collection, Collection, Collection, Map, Function)}, taking the pods that did not change
     * since the last snapshot from {@code conversions}.
     */
    public static ClusterSnapshot snapshot(Instant takenAt, Collection<Node> nodes, Collection<Pod> pods,
                                           Collection<PodDisruptionBudget> budgets, Map<String, NodeMetrics> metrics,
                                           Function<Node, Map<ActionKind, String>> blocked, PodConversions conversions) {
        List<NodeSnapshot> nodeSnapshots = new ArrayList<>(nodes.size());
        nodes.forEach(n -> nodeSnapshots.add(node(n, blocked.apply(n))));
        Map<String, List<PodDisruptionBudget>> budgetsByNamespace = new HashMap<>();
        List<DisruptionBudget> budgetSnapshots = new ArrayList<>(budgets.size());
        for (PodDisruptionBudget b : budgets) {
            budgetsByNamespace.computeIfAbsent(b.getMetadata().getNamespace(), ns -> new ArrayList<>()).add(b);
            budgetSnapshots.add(budget(b));
        }
        List<PodSnapshot> podSnapshots = conversions.convert(pods, budgetsByNamespace, pods.size());
        return new ClusterSnapshot(takenAt, nodeSnapshots, podSnapshots, budgetSnapshots, metrics);
    }

    /** The node's state, for questions about it alone (readiness, annotations): nothing outside the object is known to block. */
    public static NodeSnapshot node(Node node) {
        return node(node, Map.of());
    }

    /** @param blocked what the executor cannot do on it for reasons outside the Node object */
    public static NodeSnapshot node(Node node, Map<ActionKind, String> blocked) {
        Map<String, String> labels = orEmpty(node.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(node.getMetadata().getAnnotations());
        Map<String, Long> allocatable = node.getStatus() == null ? Map.of() : PodRequests.amounts(node.getStatus().getAllocatable());
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        List<Taint> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            node.getSpec().getTaints().forEach(t -> taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect())));
        }
        String throttle = Objects.requireNonNullElse(annotations.get(THROTTLE_REASON), "");
        for (Control control : Control.values()) {
            String mark = control.failureTracked() ? annotations.get(NodeSnapshot.failedAnnotation(control)) : null;
            if (mark != null) {
                Map<ActionKind, String> marked = new EnumMap<>(ActionKind.class);
                marked.putAll(blocked);
                String reason = "annotated " + NodeSnapshot.failedAnnotation(control) + " (" + mark + "): its " + control.wireName()
                        + " kept failing; remove the annotation once it is fixed";
                for (ActionKind kind : ActionKind.values()) {
                    if (kind.control() == control) {
                        marked.put(kind, reason);
                    }
                }
                blocked = marked;
            }
        }
        return new NodeSnapshot(node.getMetadata().getName(), labels,
                labels.containsKey(CONTROL_PLANE) || labels.containsKey(MASTER),
                isTrue(annotations.get(NodeSnapshot.DO_NOT_POWER_OFF)),
                node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()),
                ready, isTrue(annotations.get(NodeSnapshot.POWERED_OFF)) && !annotations.containsKey(NodeSnapshot.POWER_ON_FAILED),
                PodRequests.toResources(allocatable), allocatable.getOrDefault("pods", 0L).intValue(), List.copyOf(taints),
                List.of(throttle.split(",")).contains("cpufreq"), List.of(throttle.split(",")).contains("power-limit"),
                parseLong(annotations.get(CPU_MAX_KHZ)), parseDouble(annotations.get(POWER_LIMIT_WATTS)), blocked);
    }

    /** {@code budgets}: the PodDisruptionBudgets of the pod's namespace. */
    public static PodSnapshot pod(Pod pod, List<PodDisruptionBudget> budgets) {
        Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
        List<String> matching = new ArrayList<>();
        for (PodDisruptionBudget b : budgets) {
            if (b.getSpec() != null && LabelSelectors.matches(b.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                matching.add(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
            }
        }
        matching.sort(null);
        var spec = pod.getSpec();
        String node = spec.getNodeName() == null || spec.getNodeName().isEmpty() ? null : spec.getNodeName();
        PodPhase phase = phase(pod.getStatus() == null ? null : pod.getStatus().getPhase());
        List<Toleration> tolerations = new ArrayList<>();
        if (spec.getTolerations() != null) {
            spec.getTolerations().forEach(t -> tolerations.add(new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect())));
        }
        boolean localStorage = false;
        for (Volume v : spec.getVolumes()) {
            localStorage |= v.getEmptyDir() != null || v.getHostPath() != null;
        }
        return new PodSnapshot(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node, phase,
                PodRequests.of(spec), owner(pod), localStorage, isTrue(annotations.get(PodSnapshot.DO_NOT_EVICT)),
                List.copyOf(matching), node == null && phase == PodPhase.PENDING ? failure(pod) : null,
                List.copyOf(tolerations), affinity(pod));
    }

    public static DisruptionBudget budget(PodDisruptionBudget budget) {
        int allowed = budget.getStatus() == null || budget.getStatus().getDisruptionsAllowed() == null ? 0
                : budget.getStatus().getDisruptionsAllowed();
        return new DisruptionBudget(budget.getMetadata().getNamespace(), budget.getMetadata().getName(), allowed);
    }

    static OwnerKind owner(Pod pod) {
        if (orEmpty(pod.getMetadata().getAnnotations()).containsKey(MIRROR)) {
            return OwnerKind.NODE;
        }
        if (pod.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(ref.getController())) {
                    return switch (ref.getKind()) {
                        case "DaemonSet" -> OwnerKind.DAEMON_SET;
                        case "ReplicaSet" -> OwnerKind.REPLICA_SET;
                        case "StatefulSet" -> OwnerKind.STATEFUL_SET;
                        case "Job" -> OwnerKind.JOB;
                        case "ReplicationController" -> OwnerKind.REPLICATION_CONTROLLER;
                        case "Node" -> OwnerKind.NODE;
                        default -> OwnerKind.OTHER;
                    };
                }
            }
        }
        return OwnerKind.NONE;
    }

    /** The scheduler's verdict from {@code PodScheduled=False, reason=Unschedulable}; null when it has not refused the pod. */
    static SchedulingFailure failure(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return SchedulingMessages.parse(c.getMessage() == null ? "" : c.getMessage());
            }
        }
        return null;
    }

    static NodeAffinity affinity(Pod pod) {
        var spec = pod.getSpec();
        List<NodeRequirement> selector = new ArrayList<>();
        if (spec.getNodeSelector() != null) {
            spec.getNodeSelector().forEach((k, v) -> selector.add(new NodeRequirement(k, "In", List.of(v))));
        }
        selector.sort((a, b) -> a.key().compareTo(b.key()));
        List<List<NodeRequirement>> terms = new ArrayList<>();
        NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required != null) {
            for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
                List<NodeRequirement> requirements = new ArrayList<>();
                term.getMatchExpressions().forEach(r -> requirements.add(new NodeRequirement(r.getKey(), r.getOperator(),
                        r.getValues() == null ? List.of() : List.copyOf(r.getValues()))));
                terms.add(List.copyOf(requirements));
            }
        }
        return selector.isEmpty() && terms.isEmpty() ? NodeAffinity.ANY : new NodeAffinity(List.copyOf(selector), List.copyOf(terms));
    }

    private static PodPhase phase(String phase) {
        if (phase == null) {
            return PodPhase.PENDING;
        }
        try {
            return PodPhase.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PodPhase.UNKNOWN;
        }
    }

    private static boolean isTrue(String value) {
        return "true".equalsIgnoreCase(value);
    }

    private static OptionalLong parseLong(String value) {
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalDouble parseDouble(String value) {
        try {
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
