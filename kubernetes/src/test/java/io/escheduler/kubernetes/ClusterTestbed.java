package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.escheduler.testing.kube.KubeApi;
import io.escheduler.testing.kube.KubeControlPlane;
import io.escheduler.testing.kube.KubeObjects;
import io.escheduler.testing.kube.KubeScheduler;
import io.escheduler.testing.kube.NodeAgent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EScheduler on a real control plane, as {@code kubernetes/base} deploys it, minus the containers:
 * <ul>
 *   <li>a {@link KubeControlPlane} holding what the base's kustomize build declares for identities: the namespace,
 *   every ServiceAccount, (Cluster)Role and binding, applied unchanged;</li>
 *   <li>{@link #NODES} Nodes of 4 CPUs, each its own computing system ({@code energy.escheduler.io/system}), each with
 *   the packaged node-actuator on its own fixture machine (a Kaby Lake laptop, {@code intel-client-kbl}), listening on
 *   its own loopback address ({@code 127.0.0.2}, {@code .3}, ...) as a pod on its node would, with an actuator Pod
 *   object on the node at that IP (how the extender finds it), run with the node-actuator service account's token:
 *   TokenReview of its callers' tokens and the patches of its Node's annotations go through RBAC;</li>
 *   <li>the packaged scheduler-extender with the scheduler-extender service account's token, presenting to the
 *   actuators a token of that account made for the audience {@code node-actuator} (the projected volume of its
 *   Deployment);</li>
 *   <li>kube-scheduler, started per test with a configuration of the repository ({@link #startScheduler}).</li>
 * </ul>
 * Workload pods go in {@value #WORK}.
 */
final class ClusterTestbed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NODES = List.of("node-a", "node-b");
    static final String WORK = "work";
    static final String NAMESPACE = "escheduler";
    static final String SYSTEM_LABEL = "energy.escheduler.io/system";
    static final String FIXTURE = "intel-client-kbl";
    /** The fixture's ceiling of every CPU before anyone throttles it, and the lowest it allows (kHz). */
    static final long BASELINE_KHZ = 4_200_000;
    static final long MIN_KHZ = 400_000;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, FixtureMachine> machines = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> actuators = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<Path> directories = new ArrayList<>();
    private final KubeControlPlane plane;
    private final int actuatorPort = Ports.free();
    private ServiceProcess extender;
    private KubeScheduler scheduler;

    private ClusterTestbed(KubeControlPlane plane) {
        this.plane = plane;
    }

    /** The control plane with the base's identities and the nodes with their actuators; no extender or scheduler yet. */
    static ClusterTestbed start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("k8s-testbed-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubeControlPlane plane = KubeControlPlane.start(workDir.resolve("control-plane"));
        System.err.printf("control plane ready in %.1f s (load average %s)%n", plane.startup().toMillis() / 1000.0, loadAverage());
        ClusterTestbed testbed = new ClusterTestbed(plane);
        testbed.directories.add(workDir);
        testbed.resources.add(plane);
        try {
            applyIdentities(plane.admin());
            plane.admin().apply(KubeObjects.namespace(WORK));
            testbed.awaitTrue("the default service account of " + WORK,
                    () -> plane.admin().exists("api/v1/namespaces/" + WORK + "/serviceaccounts/default"));
            for (int i = 0; i < NODES.size(); i++) {
                testbed.startNode(NODES.get(i), "127.0.0." + (i + 2));
            }
            return testbed;
        } catch (RuntimeException | Error e) {
            testbed.close();
            throw e;
        }
    }

    private Path temporaryDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            directories.add(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    KubeControlPlane plane() {
        return plane;
    }

    KubeApi admin() {
        return plane.admin();
    }

    /** Namespace, ServiceAccounts, (Cluster)Roles and bindings of {@code kubectl kustomize kubernetes/base}, unchanged. */
    static void applyIdentities(KubeApi api) {
        Set<String> kinds = Set.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        for (String document : Build.of("kubernetes/base").documents()) {
            for (JsonNode object : KubeApi.objects(document)) {
                if (kinds.contains(object.path("kind").asText())) {
                    api.apply(object);
                }
            }
        }
    }

    private void startNode(String name, String address) {
        plane.nodes().add(name, Map.of(SYSTEM_LABEL, name + "-system"));
        machines.put(name, FixtureMachine.create(FIXTURE, PreloadLibrary.newFixtureDirectory("k8s-" + name)));
        addresses.put(name, address);
        startActuator(name);
        // the DaemonSet's pod on this node, as the extender discovers it (pods in escheduler, by label, at the pod IP)
        ObjectNode pod = KubeObjects.pod(NAMESPACE, "node-actuator-" + name, null, "20m",
                Map.of("app.kubernetes.io/name", "node-actuator", "app.kubernetes.io/part-of", "escheduler"));
        ((ObjectNode) pod.path("spec")).put("nodeName", name);
        KubeObjects.annotations(pod).put(NodeAgent.POD_IP_ANNOTATION, address);
        plane.admin().create("api/v1/namespaces/" + NAMESPACE + "/pods", pod).orThrow("actuator pod of " + name);
        awaitTrue("the actuator pod of " + name + " running at " + address, () -> address.equals(
                plane.admin().get("api/v1/namespaces/" + NAMESPACE + "/pods/node-actuator-" + name).path("status").path("podIP").asText()));
        awaitTrue(name + "'s actuator publishing its state on its Node", () -> "false".equals(annotation(name, "throttled")));
    }

    /** Starts {@code node}'s packaged actuator (its state file kept from an earlier run), as the node-actuator service account. */
    void startActuator(String node) {
        FixtureMachine machine = machines.get(node);
        String address = addresses.get(node);
        ServiceProcess actuator = ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator"))
                .msrFixtures(machine.root()).workDir(machine.root()).host(address).port(actuatorPort)
                .env("QUARKUS_HTTP_HOST", address)
                .env("QUARKUS_HTTP_PORT", Integer.toString(actuatorPort))
                .env("NODE_ACTUATOR_NODE_NAME", node)
                .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("state/state.json").toString())
                // a restart must not undo what the test set up (a node left throttled, as after a crash)
                .env("NODE_ACTUATOR_RESTORE_ON_SHUTDOWN", "false")
                .kubeconfig(plane.serviceAccountKubeconfig(NAMESPACE, "node-actuator"))
                .start();
        resources.add(actuator);
        actuators.put(node, actuator);
    }

    /** Stops {@code node}'s actuator (SIGTERM, leaving the node as it is): callers find nobody on its pod IP. */
    void stopActuator(String node) {
        actuators.get(node).stop();
    }

    /**
     * What the analyzer's placement needs, for real: the packaged msr-exporter on each node's fixture machine (the
     * same tree its actuator writes, as on a node both read the host's sysfs) through powercap, each package drawing
     * {@code watts.get(node)} (the test advances its {@code energy_uj}), a real Prometheus scraping them every second,
     * a real PostgreSQL, and the packaged energy-analyzer with the energy-analyzer service account's token (systems
     * from the Nodes' labels, runs from the finished pods labelled with a program). Its base URL.
     */
    String startAnalyzer(Map<String, Double> watts) {
        Path dir = plane.workDir().resolve("analyzer");
        // its own temporary directory: as root the server runs as the user postgres, who must reach it
        PostgresServer postgres = PostgresServer.start(temporaryDirectory("k8s-testbed-postgres-"));
        resources.add(postgres);
        List<String> targets = new ArrayList<>();
        for (String node : NODES) {
            int port = Ports.free();
            FixtureMachine machine = machine(node);
            resources.add(ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                    .msrFixtures(machine.root()).workDir(machine.root()).port(port).jvmArg("-Xmx96m")
                    .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + port)
                    .env("MSR_EXPORTER_SOURCE", "powercap")
                    .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                    .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                    .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                    .env("MSR_EXPORTER_NODE_NAME", node)
                    .start());
            targets.add("127.0.0.1:" + port);
        }
        resources.add(PowerDraw.start(machines, watts));
        PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), targets, Duration.ofSeconds(1));
        resources.add(prometheus);
        int port = Ports.free();
        ServiceProcess analyzer = ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer"))
                .workDir(plane.workDir()).port(port).jvmArg("-Xmx256m")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl())
                .env("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER)
                .env("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD)
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "true")
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", prometheus.baseUrl())
                .env("ENERGY_ANALYZER_PROMETHEUS_SCRAPE_INTERVAL", "1s")
                .env("ENERGY_ANALYZER_PROFILES_STEP", "1s")
                .env("ENERGY_ANALYZER_PROFILES_SETTLE", "2s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_INITIAL", "1s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_MAX", "4s")
                .env("ENERGY_ANALYZER_PROFILES_POLL_INTERVAL", "1s")
                .kubeconfig(plane.serviceAccountKubeconfig(NAMESPACE, "energy-analyzer"))
                .start();
        resources.add(analyzer);
        return analyzer.baseUrl();
    }

    /** Starts the packaged extender, its placement from {@code analyzerUrl}. */
    ServiceProcess startExtender(String analyzerUrl) {
        int port = Ports.free();
        extender = ServiceProcess.builder(ServiceProcess.quarkusJar("scheduler-extender"))
                .workDir(plane.workDir()).port(port)
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("SCHEDULER_EXTENDER_ANALYZER_URL", analyzerUrl)
                .env("SCHEDULER_EXTENDER_ACTUATOR_PORT", Integer.toString(actuatorPort))
                .env("SCHEDULER_EXTENDER_ACTUATOR_TOKEN_FILE", plane.tokenFile(NAMESPACE, "scheduler-extender", "node-actuator").toString())
                .kubeconfig(plane.serviceAccountKubeconfig(NAMESPACE, "scheduler-extender"))
                .start();
        resources.add(extender);
        return extender;
    }

    ServiceProcess extender() {
        return extender;
    }

    /** Starts kube-scheduler with {@code configuration} as {@code kubeconfig}'s user, after stopping the previous one. */
    KubeScheduler startScheduler(String name, String configuration, Path kubeconfig) {
        stopScheduler();
        scheduler = plane.startScheduler(name, configuration, kubeconfig);
        return scheduler;
    }

    KubeScheduler scheduler() {
        return scheduler;
    }

    void stopScheduler() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    /** The extender's base URL, to put into a scheduler configuration's {@code urlPrefix}. */
    String extenderUrl() {
        return extender.baseUrl();
    }

    ServiceProcess actuator(String node) {
        return actuators.get(node);
    }

    FixtureMachine machine(String node) {
        return machines.get(node);
    }

    /** CPU 0's ceiling on {@code node}'s fixture machine, as its actuator left it in sysfs (kHz). */
    long ceilingKhz(String node) {
        try {
            return Long.parseLong(Files.readString(machine(node).sysfs().resolve("devices/system/cpu/cpu0/cpufreq/scaling_max_freq")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One of {@code node}'s {@code energy.escheduler.io/} annotations as the API server holds it, or null. */
    String annotation(String node, String name) {
        JsonNode value = plane.admin().get("api/v1/nodes/" + node).path("metadata").path("annotations").get("energy.escheduler.io/" + name);
        return value == null ? null : value.asText();
    }

    /**
     * Lowers every CPU ceiling of {@code node} to the minimum through its actuator, as the DVFS policy does, with a
     * token of {@code account} (namespace escheduler) for the actuator's audience; waits until the Node says so.
     */
    void throttle(String node, String account) {
        String token = plane.token(NAMESPACE, account, "node-actuator");
        Http.Response response = Http.send("PUT", actuator(node).baseUrl() + "/v1/cpufreq", token, "{\"ceiling\": \"min\"}");
        if (response.status() != 200) {
            throw new IllegalStateException("throttling " + node + " answered " + response.status() + ": " + response.body());
        }
        awaitTrue(node + " annotated throttled", () -> "true".equals(annotation(node, "throttled")));
        // the annotation reaches the extender through its Node informer: a bind that comes before it does not restore
        awaitTrue(node + " throttled in the extender's Node cache", () -> extenderFiltersOut(node));
    }

    /**
     * Whether the extender's filter, asked about every node, removes {@code node} as throttled (it does so only while
     * another candidate is unthrottled).
     */
    private boolean extenderFiltersOut(String node) {
        StringBuilder names = new StringBuilder();
        for (String name : NODES) {
            names.append(names.isEmpty() ? "" : ",").append('"').append(name).append('"');
        }
        Http.Response answer = Http.send("POST", extender.baseUrl() + "/filter", null,
                "{\"Pod\":{\"metadata\":{\"name\":\"probe\",\"namespace\":\"" + WORK + "\"}},\"NodeNames\":[" + names + "]}");
        try {
            return answer.status() == 200 && JSON.readTree(answer.body()).path("FailedNodes").has(node);
        } catch (IOException e) {
            return false;
        }
    }

    /** Puts every node back to its baseline (any allowed caller's token). */
    void restoreAll(String account) {
        String token = plane.token(NAMESPACE, account, "node-actuator");
        for (String node : NODES) {
            Http.send("POST", actuator(node).baseUrl() + "/v1/restore", token, null);
        }
        for (String node : NODES) {
            awaitTrue(node + " annotated unthrottled", () -> "false".equals(annotation(node, "throttled")));
        }
    }

    /** Creates a pod in {@value #WORK}. */
    void createPod(ObjectNode pod) {
        plane.admin().create("api/v1/namespaces/" + WORK + "/pods", pod).orThrow("create pod " + pod.path("metadata").path("name").asText());
    }

    JsonNode pod(String name) {
        return plane.admin().get("api/v1/namespaces/" + WORK + "/pods/" + name);
    }

    /** Waits until pod {@code name} is bound; its node. */
    String awaitBound(String name, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String node = KubeObjects.nodeOf(pod(name));
            if (!node.isEmpty()) {
                return node;
            }
            sleep(100);
        }
        throw new AssertionError("pod " + name + " not bound within " + timeout + ": " + pod(name).path("status") + "\n" + diagnostics());
    }

    /** Deletes every pod of {@value #WORK} at once (the node agent stands for kubelets that would confirm it). */
    void deleteWorkPods() {
        for (JsonNode pod : plane.admin().list("api/v1/namespaces/" + WORK + "/pods")) {
            plane.admin().deleteNow("api/v1/namespaces/" + WORK + "/pods/" + pod.path("metadata").path("name").asText());
        }
        awaitTrue("no pods left in " + WORK, () -> plane.admin().list("api/v1/namespaces/" + WORK + "/pods").isEmpty());
    }

    /** The value of {@code extender_verdicts_total} for {@code verb} and {@code verdict} on the extender's /metrics. */
    double verdicts(String verb, String verdict) {
        double total = 0;
        for (String line : Http.get(extender.baseUrl() + "/metrics").body().split("\n")) {
            if (line.startsWith("extender_verdicts_total{") && line.contains("verb=\"" + verb + "\"")
                    && line.contains("verdict=\"" + verdict + "\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** What to read when a scenario fails: the scheduler's and the extender's logs, the control plane's. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        if (scheduler != null) {
            text.append("---- kube-scheduler\n").append(scheduler.log()).append('\n');
        }
        if (extender != null) {
            String output = extender.output();
            text.append("---- scheduler-extender\n").append(output, Math.max(0, output.length() - 6000), output.length()).append('\n');
        }
        text.append("---- node agent: ").append(plane.nodes().lastError()).append('\n');
        return text.append(plane.logs()).toString();
    }

    interface Check {
        boolean done() throws Exception;
    }

    void awaitTrue(String what, Check check) {
        awaitTrue(Duration.ofSeconds(60), what, check);
    }

    void awaitTrue(Duration timeout, String what, Check check) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.done()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            sleep(100);
        }
        throw new AssertionError("not reached within " + timeout.toSeconds() + " s: " + what + "\n" + diagnostics());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops everything and deletes its directories (fixture trees too: deleting their sparse MSR files costs nothing). */
    @Override
    public void close() {
        stopScheduler();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // best effort: the others still stop
            }
        }
        if (Boolean.getBoolean("testbed.keep")) {
            System.err.println("testbed.keep: the testbed's directories stay: " + directories);
            return;
        }
        List<Path> trees = new ArrayList<>(directories);
        machines.values().forEach(machine -> trees.add(machine.root()));
        for (Path tree : trees) {
            try (var paths = Files.walk(tree)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // left in the temporary directory
            }
        }
    }
}
