package io.escheduler.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Objects in the API server's JSON for end-to-end tests, to {@link KubeApi#apply apply} or
 * {@link KubeApi#create create}: pods (alone, or run by a Deployment with their owner chain made by the real
 * controllers), PodDisruptionBudgets and namespaces. Add to them with Jackson ({@code ((ObjectNode) pod.path("spec"))}).
 */
public final class KubeObjects {

    private KubeObjects() {
    }

    public static ObjectNode namespace(String name) {
        ObjectNode namespace = KubeApi.object().put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", name);
        return namespace;
    }

    /**
     * A pod of one container requesting {@code cpu} and 64 MiB, for {@code schedulerName} (null: the default
     * scheduler), with {@code labels}.
     */
    public static ObjectNode pod(String namespace, String name, String schedulerName, String cpu, Map<String, String> labels) {
        ObjectNode pod = KubeApi.object().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode podLabels = metadata.putObject("labels");
        labels.forEach(podLabels::put);
        pod.set("spec", podSpec(schedulerName, cpu));
        return pod;
    }

    /** {@code pod}'s annotations, created when missing, to add to. */
    public static ObjectNode annotations(ObjectNode object) {
        ObjectNode metadata = (ObjectNode) object.path("metadata");
        return metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
    }

    /**
     * A Deployment of {@code replicas} pods labelled {@code app=<name>}, each requesting {@code cpu}: the real
     * deployment and ReplicaSet controllers make the pods (owned by the ReplicaSet, which the Deployment owns), the
     * scheduler places them and the {@link NodeAgent} runs them.
     */
    public static ObjectNode deployment(String namespace, String name, int replicas, String schedulerName, String cpu) {
        ObjectNode deployment = KubeApi.object().put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode spec = deployment.putObject("spec").put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.set("spec", podSpec(schedulerName, cpu));
        return deployment;
    }

    /** A PodDisruptionBudget over the pods labelled {@code app=<app>} that keeps at least {@code minAvailable} of them. */
    public static ObjectNode podDisruptionBudget(String namespace, String name, String app, int minAvailable) {
        ObjectNode budget = KubeApi.object().put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget");
        budget.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode spec = budget.putObject("spec").put("minAvailable", minAvailable);
        spec.putObject("selector").putObject("matchLabels").put("app", app);
        return budget;
    }

    /** An Eviction of a pod (POST it to the pod's {@code eviction} subresource): 201, or 429 when a budget forbids it. */
    public static ObjectNode eviction(String namespace, String pod) {
        ObjectNode eviction = KubeApi.object().put("apiVersion", "policy/v1").put("kind", "Eviction");
        eviction.putObject("metadata").put("name", pod).put("namespace", namespace);
        return eviction;
    }

    /** The node a pod is bound to, or an empty string. */
    public static String nodeOf(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    private static ObjectNode podSpec(String schedulerName, String cpu) {
        ObjectNode spec = KubeApi.object();
        if (schedulerName != null) {
            spec.put("schedulerName", schedulerName);
        }
        spec.put("terminationGracePeriodSeconds", 5).put("automountServiceAccountToken", false);
        ObjectNode container = spec.putArray("containers").addObject().put("name", "main").put("image", "registry.example/work:1");
        container.putObject("resources").putObject("requests").put("cpu", cpu).put("memory", "64Mi");
        return spec;
    }
}
