package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A Kubernetes API server for the services under test: fabric8's mock server in CRUD mode (objects
 * are stored as posted, list, watch, patch and delete work; the Lease of leader election too), on
 * loopback over plain HTTP. Objects are written with plain REST calls, in the JSON the API server
 * takes.
 *
 * <p>The mock server stores an Eviction like any other object and has no disruption controller, so
 * the answers to evictions are given here, as the API server gives them ({@link #admitEviction},
 * {@link #refuseEviction}); every other request goes to the CRUD store (fabric8's mixed dispatcher,
 * what its {@code KubernetesServer} uses in CRUD mode).
 */
final class KubernetesApi implements AutoCloseable {

    static final String SYSTEM_LABEL = "energy.escheduler.io/system";
    static final String PROGRAM_LABEL = "energy.escheduler.io/program";
    static final String NAMESPACE = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesMockServer server;

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
    }

    static KubernetesApi start() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), Ports.free());
        return new KubernetesApi(server);
    }

    /** The API server's URL, e.g. {@code http://127.0.0.1:41234/}. */
    String url() {
        return server.url("/");
    }

    /**
     * A node of {@code system} with 8 CPUs, {@code annotations} as its actuator, the executor or an operator would
     * write them; Ready, or NotReady and tainted unreachable by the node lifecycle controller (a node that is off).
     */
    void node(String name, String system, boolean ready, Map<String, String> annotations) {
        ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata").put("name", name);
        metadata.putObject("labels").put(SYSTEM_LABEL, system).put("kubernetes.io/hostname", name);
        ObjectNode notes = metadata.putObject("annotations");
        annotations.forEach(notes::put);
        ObjectNode spec = node.putObject("spec");
        if (!ready) {
            ArrayNode taints = spec.putArray("taints");
            taints.addObject().put("key", "node.kubernetes.io/unreachable").put("effect", "NoSchedule");
            taints.addObject().put("key", "node.kubernetes.io/unreachable").put("effect", "NoExecute");
        }
        ObjectNode status = node.putObject("status");
        ObjectNode resources = JSON.createObjectNode().put("cpu", "8").put("memory", "32Gi").put("pods", "110");
        status.set("capacity", resources.deepCopy());
        status.set("allocatable", resources);
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "Unknown")
                .put("reason", ready ? "KubeletReady" : "NodeStatusUnknown");
        create("api/v1/nodes", node);
    }

    /**
     * A pod of {@code program} run by a Job, requesting {@code cpu}: running on {@code nodeName}, or pending when
     * {@code nodeName} is null, refused by the scheduler as {@code unschedulable} says. {@code nodeSelector} may be
     * empty.
     */
    void programPod(String name, String program, String nodeName, String cpu, Map<String, String> nodeSelector, String unschedulable) {
        pod(name, Map.of(PROGRAM_LABEL, program), "batch/v1", "Job", nodeName, cpu, nodeSelector, unschedulable);
    }

    /** A running pod of a Deployment (its ReplicaSet controls it) on {@code nodeName}, requesting {@code cpu}. */
    void servicePod(String name, String nodeName, String cpu) {
        pod(name, Map.of("app", name.replaceAll("-[0-9]+$", "")), "apps/v1", "ReplicaSet", nodeName, cpu, Map.of(), null);
    }

    private void pod(String name, Map<String, String> labels, String ownerApiVersion, String ownerKind, String nodeName, String cpu,
                     Map<String, String> nodeSelector, String unschedulable) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        ObjectNode podLabels = metadata.putObject("labels");
        labels.forEach(podLabels::put);
        metadata.putArray("ownerReferences").addObject().put("apiVersion", ownerApiVersion).put("kind", ownerKind)
                .put("name", name + "-owner").put("uid", "uid-" + name).put("controller", true);
        ObjectNode spec = pod.putObject("spec");
        if (nodeName != null) {
            spec.put("nodeName", nodeName);
        }
        if (!nodeSelector.isEmpty()) {
            ObjectNode selector = spec.putObject("nodeSelector");
            nodeSelector.forEach(selector::put);
        }
        ObjectNode container = spec.putArray("containers").addObject().put("name", "main").put("image", "registry.example/" + name);
        container.putObject("resources").putObject("requests").put("cpu", cpu).put("memory", "1Gi");
        ObjectNode status = pod.putObject("status");
        if (nodeName != null) {
            status.put("phase", "Running");
            status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        } else {
            status.put("phase", "Pending");
            status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
                    .put("reason", "Unschedulable").put("message", unschedulable);
        }
        create("api/v1/namespaces/" + NAMESPACE + "/pods", pod);
    }

    /**
     * The API server admits the eviction of {@code pod} once (201, a Status of Success) and the pod goes, as its
     * kubelet would stop it; its controller's replacement is not modelled.
     */
    void admitEviction(String pod) {
        server.expect().post().withPath(evictionPath(pod)).andReply(201, request -> {
            CompletableFuture.runAsync(() -> Http.send("DELETE", url() + "api/v1/namespaces/" + NAMESPACE + "/pods/" + pod, null, null));
            return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\"}";
        }).once();
    }

    /**
     * The API server refuses every eviction of {@code pod} as it does when a PodDisruptionBudget allows no disruption
     * now: HTTP 429 with its Status (a budget power-manager's snapshot did not hold yet, e.g. one created between its
     * plan and the eviction: the planner itself never plans an eviction a budget it knows forbids).
     */
    void refuseEviction(String pod) {
        server.expect().post().withPath(evictionPath(pod)).andReturn(429, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\","
                + "\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\","
                + "\"message\":\"The disruption budget " + pod.replaceAll("-[0-9]+$", "") + " needs 1 healthy pods and has 1 currently\"}]},"
                + "\"code\":429}").always();
    }

    private static String evictionPath(String pod) {
        return "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/eviction";
    }

    /** An object as the API server holds it now ({@code path} as in {@code api/v1/nodes/node-a1}). */
    JsonNode get(String path) {
        Http.Response response = Http.get(url() + path, "application/json");
        if (!response.ok()) {
            throw new IllegalStateException("GET " + path + " answered " + response.status() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the API server holds the object at {@code path}. */
    boolean exists(String path) {
        int status = Http.get(url() + path, "application/json").status();
        if (status != 200 && status != 404) {
            throw new IllegalStateException("GET " + path + " answered " + status);
        }
        return status == 200;
    }

    /**
     * A Lease at {@code path} (as in {@link #get}), held by {@code holder} for an hour: no other candidate leads until it
     * is {@linkplain #delete deleted}.
     */
    void holdLease(String path, String holder) {
        int slash = path.lastIndexOf('/');
        String now = java.time.Instant.now().toString();
        ObjectNode lease = JSON.createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", path.substring(slash + 1)).put("namespace", NAMESPACE);
        lease.putObject("spec").put("holderIdentity", holder).put("leaseDurationSeconds", 3600).put("acquireTime", now)
                .put("renewTime", now);
        create(path.substring(0, slash), lease);
    }

    /** Deletes the object at {@code path}. */
    void delete(String path) {
        Http.Response response = Http.send("DELETE", url() + path, null, null);
        if (!response.ok()) {
            throw new IllegalStateException("DELETE " + path + " answered " + response.status() + ": " + response.body());
        }
    }

    private void create(String path, ObjectNode object) {
        Http.Response response = Http.send("POST", url() + path, null, object.toString());
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + response.status() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
