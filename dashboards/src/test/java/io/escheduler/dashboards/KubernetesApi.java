package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes API server for the analyzer under test: fabric8's mock server in CRUD mode (objects
 * are stored as posted, list and watch work), on loopback over plain HTTP. Objects are written with
 * plain REST calls, in the JSON the API server takes.
 */
final class KubernetesApi implements AutoCloseable {

    static final String SYSTEM_LABEL = "energy.escheduler.io/system";
    static final String PROGRAM_LABEL = "energy.escheduler.io/program";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesMockServer server;

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
    }

    static KubernetesApi start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), Ports.free());
        return new KubernetesApi(server);
    }

    /** The API server's URL, e.g. {@code http://127.0.0.1:41234/}. */
    String url() {
        return server.url("/");
    }

    /**
     * A Ready node of {@code system} with 8 CPUs, {@code annotations} as its actuator (or the executor)
     * would publish them, cordoned when {@code unschedulable}.
     */
    void node(String name, String system, boolean ready, boolean unschedulable, Map<String, String> annotations) {
        ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata").put("name", name);
        metadata.putObject("labels").put(SYSTEM_LABEL, system).put("kubernetes.io/hostname", name);
        ObjectNode notes = metadata.putObject("annotations");
        annotations.forEach(notes::put);
        node.putObject("spec").put("unschedulable", unschedulable);
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
     * A pod of {@code program} requesting {@code cpu}: running on {@code nodeName}, or pending and refused by the
     * scheduler for lack of CPU when {@code nodeName} is null.
     */
    void pod(String name, String program, String nodeName, String cpu) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", "default");
        metadata.putObject("labels").put(PROGRAM_LABEL, program);
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "batch/v1").put("kind", "Job")
                .put("name", name + "-job").put("uid", "uid-" + name).put("controller", true);
        ObjectNode spec = pod.putObject("spec");
        if (nodeName != null) {
            spec.put("nodeName", nodeName);
        }
        ObjectNode container = spec.putArray("containers").addObject().put("name", "main").put("image", "registry.example/" + program);
        container.putObject("resources").putObject("requests").put("cpu", cpu).put("memory", "1Gi");
        ObjectNode status = pod.putObject("status");
        if (nodeName != null) {
            status.put("phase", "Running");
            status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        } else {
            status.put("phase", "Pending");
            status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
                    .put("reason", "Unschedulable").put("message", "0/4 nodes are available: 1 node(s) were unschedulable, "
                            + "1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu. "
                            + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
        }
        create("api/v1/namespaces/default/pods", pod);
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
