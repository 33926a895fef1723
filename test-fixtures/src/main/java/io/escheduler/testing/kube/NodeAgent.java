package io.escheduler.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness's stand-in for the kubelets of a {@link KubeControlPlane}: it registers Nodes with their capacity and a
 * Ready condition, renews each node's Lease in {@code kube-node-lease} as a kubelet does (so the node lifecycle
 * controller keeps it Ready), marks the pods bound to its nodes Running (no container runs) and finishes the deletion
 * of their pods (a kubelet confirms a graceful delete once the containers stopped). A node {@linkplain #switchOff
 * switched off} stops all three, as a powered-off machine does.
 *
 * <p>Pod IPs are {@code 10.244.<node>.<n>}, unless the pod names its own in the annotation {@value #POD_IP_ANNOTATION}
 * (a loopback address where the test runs the pod's service, e.g. a node-actuator at {@code 127.0.0.2}). A pod
 * annotated {@value #RUN_SECONDS_ANNOTATION} finishes that many seconds after it started: phase {@code Succeeded}, its
 * containers terminated with exit code 0 (a job's run, as the analyzer records them).
 */
public final class NodeAgent implements AutoCloseable {

    /** A pod annotation naming the IP the agent gives the pod (the address its service really listens on). */
    public static final String POD_IP_ANNOTATION = "testing.escheduler.io/pod-ip";
    /** A pod annotation: the pod's containers exit 0 after this many seconds. */
    public static final String RUN_SECONDS_ANNOTATION = "testing.escheduler.io/run-seconds";
    static final Duration LEASE_DURATION = Duration.ofSeconds(40);
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(5);
    /** The API's MicroTime: RFC 3339 with exactly six fraction digits. */
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final KubeApi api;
    private final Map<String, Integer> nodes = new ConcurrentHashMap<>();
    private final Set<String> off = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextIp = new AtomicInteger(2);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "node-agent");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String lastError;

    NodeAgent(KubeApi api, boolean heartbeats, boolean pods) {
        this.api = api;
        if (heartbeats) {
            loop.scheduleWithFixedDelay(this::renewLeases, RENEW_INTERVAL.toMillis(), RENEW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (pods) {
            loop.scheduleWithFixedDelay(this::runPods, 200, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** A Ready node with 4 CPUs, 16 GiB and room for 110 pods. */
    public void add(String name, Map<String, String> labels) {
        add(name, labels, "4", "16Gi");
    }

    /**
     * Registers a Ready node of {@code cpu} and {@code memory} (allocatable = capacity) with {@code labels} (plus
     * {@code kubernetes.io/hostname} and {@code kubernetes.io/os}), as its kubelet would.
     */
    public void add(String name, Map<String, String> labels, String cpu, String memory) {
        int index = nodes.size() + 1;
        ObjectNode node = KubeApi.object().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata").put("name", name);
        ObjectNode nodeLabels = metadata.putObject("labels").put("kubernetes.io/hostname", name).put("kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "amd64");
        labels.forEach(nodeLabels::put);
        api.create("api/v1/nodes", node).orThrow("create node " + name);
        nodes.put(name, index);
        ObjectNode status = KubeApi.object();
        ObjectNode resources = KubeApi.object().put("cpu", cpu).put("memory", memory).put("pods", "110");
        status.set("capacity", resources.deepCopy());
        status.set("allocatable", resources);
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", "10.0." + (index / 250) + "." + (index % 250 + 1));
        status.putObject("nodeInfo").put("kubeletVersion", "v1.37.2").put("operatingSystem", "linux").put("architecture", "amd64")
                .put("containerRuntimeVersion", "harness://0").put("osImage", "escheduler test node").put("kernelVersion", "")
                .put("machineID", "").put("systemUUID", "").put("bootID", "").put("kubeProxyVersion", "");
        setReady(name, status, true);
        // TaintNodesByCondition gives every new node the not-ready taint; the node lifecycle controller lifts it once
        // it sees Ready, a few seconds later: lifted here at once, as it would be.
        api.mergePatch("api/v1/nodes/" + name, KubeApi.object().set("spec", KubeApi.object().putNull("taints")))
                .orThrow("untaint node " + name);
        renewLease(name);
    }

    /** The node stops answering: no heartbeats (the controller marks it NotReady), its pods are left as they are. */
    public void switchOff(String name) {
        off.add(name);
    }

    /** The node is back: Ready again, heartbeats resume. */
    public void switchOn(String name) {
        off.remove(name);
        setReady(name, KubeApi.object(), true);
        renewLease(name);
    }

    /** The last error of the agent's loops (null when none), for a failure message. */
    public String lastError() {
        return lastError;
    }

    private void setReady(String name, ObjectNode status, boolean ready) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ArrayNode conditions = status.putArray("conditions");
        for (String pressure : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            conditions.addObject().put("type", pressure).put("status", "False").put("reason", "KubeletHasSufficient" + pressure)
                    .put("lastHeartbeatTime", now).put("lastTransitionTime", now);
        }
        conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "False").put("reason", "KubeletReady")
                .put("message", "the harness's node agent").put("lastHeartbeatTime", now).put("lastTransitionTime", now);
        api.mergePatch("api/v1/nodes/" + name + "/status", KubeApi.object().set("status", status)).orThrow("status of node " + name);
    }

    private void renewLeases() {
        for (String name : nodes.keySet()) {
            if (!off.contains(name)) {
                try {
                    renewLease(name);
                } catch (RuntimeException e) {
                    lastError = "lease of " + name + ": " + e.getMessage();
                }
            }
        }
    }

    private void renewLease(String name) {
        String now = MICRO_TIME.format(Instant.now());
        ObjectNode lease = KubeApi.object().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", name).put("namespace", "kube-node-lease");
        lease.putObject("spec").put("holderIdentity", name).put("leaseDurationSeconds", (int) LEASE_DURATION.toSeconds())
                .put("renewTime", now);
        api.apply(lease);
    }

    private void runPods() {
        try {
            for (JsonNode pod : api.list("api/v1/pods")) {
                JsonNode spec = pod.path("spec");
                String node = spec.path("nodeName").asText("");
                if (!nodes.containsKey(node) || off.contains(node)) {
                    continue;
                }
                String path = "api/v1/namespaces/" + pod.path("metadata").path("namespace").asText() + "/pods/"
                        + pod.path("metadata").path("name").asText();
                String phase = pod.path("status").path("phase").asText("Pending");
                if (pod.path("metadata").has("deletionTimestamp")) {
                    api.deleteNow(path);
                } else if ("Pending".equals(phase)) {
                    api.mergePatch(path + "/status", KubeApi.object().set("status", running(pod, node)));
                } else if ("Running".equals(phase) && finished(pod)) {
                    api.mergePatch(path + "/status", KubeApi.object().set("status", succeeded(pod)));
                }
            }
        } catch (RuntimeException e) {
            lastError = "pods: " + e.getMessage();
        }
    }

    private ObjectNode running(JsonNode pod, String node) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String ip = pod.path("metadata").path("annotations").path(POD_IP_ANNOTATION)
                .asText("10.244." + nodes.get(node) % 250 + "." + (nextIp.getAndIncrement() % 250 + 2));
        ObjectNode status = KubeApi.object().put("phase", "Running").put("podIP", ip).put("startTime", now)
                .put("hostIP", "10.0." + (nodes.get(node) / 250) + "." + (nodes.get(node) % 250 + 1));
        status.putArray("podIPs").addObject().put("ip", ip);
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode running = containers.addObject().put("name", container.path("name").asText())
                    .put("image", container.path("image").asText()).put("imageID", "").put("ready", true).put("started", true)
                    .put("restartCount", 0);
            running.putObject("state").putObject("running").put("startedAt", now);
        }
        return status;
    }

    private static boolean finished(JsonNode pod) {
        JsonNode seconds = pod.path("metadata").path("annotations").get(RUN_SECONDS_ANNOTATION);
        return seconds != null && !Instant.parse(pod.path("status").path("startTime").asText())
                .plusSeconds(Long.parseLong(seconds.asText())).isAfter(Instant.now());
    }

    private static ObjectNode succeeded(JsonNode pod) {
        String started = pod.path("status").path("startTime").asText();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = KubeApi.object().put("phase", "Succeeded");
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "PodScheduled").put("status", "True").put("lastTransitionTime", started);
        for (String type : new String[] {"Ready", "ContainersReady"}) {
            conditions.addObject().put("type", type).put("status", "False").put("reason", "PodCompleted").put("lastTransitionTime", now);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode terminated = containers.addObject().put("name", container.path("name").asText())
                    .put("image", container.path("image").asText()).put("imageID", "").put("ready", false).put("started", false)
                    .put("restartCount", 0);
            terminated.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed")
                    .put("startedAt", started).put("finishedAt", now);
        }
        return status;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
