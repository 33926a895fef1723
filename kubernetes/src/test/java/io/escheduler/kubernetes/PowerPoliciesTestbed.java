package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Directories;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.escheduler.testing.kube.KubeApi;
import io.escheduler.testing.kube.KubeControlPlane;
import io.escheduler.testing.kube.KubeObjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * power-manager on a real control plane, as {@code kubernetes/base} deploys it minus the containers:
 * <ul>
 *   <li>a {@link KubeControlPlane} with the base's namespace, ServiceAccounts, (Cluster)Roles and bindings applied
 *   unchanged ({@link ClusterTestbed#applyIdentities}), kube-controller-manager's controllers (Deployments,
 *   ReplicaSets, the disruption controller) and kube-scheduler with its default profile, which places the workload
 *   pods and their replacements;</li>
 *   <li>Nodes of 4 CPUs kept Ready by the node agent, each annotated {@value #KEEP_ON} until a test lets the policies
 *   have it ({@link #allowPowerOff});</li>
 *   <li>two replicas of the packaged power-manager ({@link #REPLICAS}, their identities in the Lease), each with the
 *   power-manager service account's token, so RBAC decides every call, and the default Lease timing; a real PostgreSQL for their audit trail and a
 *   real Prometheus for node metrics (scraping nothing: consolidation plans from pods and capacity, not from
 *   metrics); consolidation enforced, every other policy off, a cycle every second; the {@code file} power driver,
 *   so a power-off is a request in a spool file and nothing is switched off.</li>
 * </ul>
 */
final class PowerPoliciesTestbed implements AutoCloseable {

    static final String NAMESPACE = ClusterTestbed.NAMESPACE;
    static final String WORK = "work";
    static final String KEEP_ON = "energy.escheduler.io/do-not-power-off";
    static final List<String> REPLICAS = List.of("power-manager-a", "power-manager-b");
    static final String LEASE = "apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases/power-manager";
    /**
     * The Lease's duration: power-manager's default, as the base runs it (renew deadline 10 s, retry every 2 s). Shorter
     * ones leave too little room between the renew deadline and the lease's end on a busy 2-core host, where a renewal
     * can take seconds: the other replica then takes the Lease before the leader noticed it could not renew.
     */
    static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final Map<String, ServiceProcess> replicas = new LinkedHashMap<>();
    private final Path dir;
    private KubeControlPlane plane;
    private PostgresServer postgres;
    private Path powerOffFile;

    private PowerPoliciesTestbed(Path dir) {
        this.dir = dir;
        directories.add(dir);
    }

    /** The control plane with {@code nodes} (each kept on), the database, Prometheus and both replicas started. */
    static PowerPoliciesTestbed start(List<String> nodes) {
        PowerPoliciesTestbed testbed = new PowerPoliciesTestbed(temporaryDirectory("k8s-power-"));
        try {
            testbed.startAll(nodes);
            return testbed;
        } catch (RuntimeException | Error e) {
            testbed.close();
            throw e;
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll(List<String> nodes) {
        plane = track(KubeControlPlane.start(dir.resolve("control-plane")));
        System.err.printf("control plane ready in %.1f s (load average %s)%n", plane.startup().toMillis() / 1000.0, ClusterTestbed.loadAverage());
        KubeApi admin = plane.admin();
        ClusterTestbed.applyIdentities(admin);
        admin.apply(KubeObjects.namespace(WORK));
        for (String node : nodes) {
            plane.nodes().add(node, Map.of());
            annotate(node, KEEP_ON, "true");
        }
        plane.startDefaultScheduler();
        // its own temporary directory: as root the server runs as the user postgres, who must reach it
        Path database = temporaryDirectory("k8s-power-postgres-");
        directories.add(database);
        postgres = track(PostgresServer.start(database));
        PrometheusServer prometheus = track(PrometheusServer.start(dir.resolve("prometheus"), List.of(), Duration.ofSeconds(1)));
        Path spool = dir.resolve("power");
        powerOffFile = spool.resolve("powerOff.json");
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String identity : REPLICAS) {
            replicas.put(identity, track(ServiceProcess.builder(ServiceProcess.quarkusJar("power-manager"))
                    .workDir(dir).quarkusHttp(Ports.free()).jvmArg("-Xmx160m")
                    .datasource(postgres)
                    .kubeconfig(plane.serviceAccountKubeconfig(NAMESPACE, "power-manager"))
                    .env("POWER_MANAGER_PROMETHEUS_URL", prometheus.baseUrl())
                    .env("POWER_MANAGER_PROMETHEUS_SCRAPE_INTERVAL", "1s")
                    .env("POWER_MANAGER_INTERVAL", "1s")
                    .env("POWER_MANAGER_CONSOLIDATION_MODE", "enforce")
                    // four nodes have no three nodes' room to spare (the default, for large clusters): pack tightly,
                    // so that the nodes under test are emptied
                    .env("POWER_MANAGER_CONSOLIDATION_SPARE_NODES", "0")
                    .env("POWER_MANAGER_POWER_ON_MODE", "off")
                    .env("POWER_MANAGER_POWER_OFF_MODE", "off")
                    .env("POWER_MANAGER_DVFS_MODE", "off")
                    .env("POWER_MANAGER_CAPPING_MODE", "off")
                    .env("POWER_MANAGER_DVFS_MIGRATION_MODE", "off")
                    .env("POWER_MANAGER_CAPPING_MIGRATION_MODE", "off")
                    .env("POWER_MANAGER_EXECUTOR_DRAIN_TIMEOUT", "60s")
                    .env("POWER_MANAGER_POWER_DRIVER", "file")
                    .env("POWER_MANAGER_POWER_FILE_POWER_ON_PATH", spool.resolve("powerOn.json").toString())
                    .env("POWER_MANAGER_POWER_FILE_POWER_OFF_PATH", powerOffFile.toString())
                    .env("POWER_MANAGER_LEADER_ELECTION_IDENTITY", identity)
                    // the projected token of the Deployment's volume node-actuator-token (no policy here calls an actuator)
                    .env("POWER_MANAGER_ACTUATOR_TOKEN_FILE", plane.tokenFile(NAMESPACE, "power-manager", "node-actuator").toString())
                    .launch()));
        }
    }

    /** Waits until every replica answers ready (they start while the test sets up its workloads). */
    void awaitReplicas() {
        replicas.values().forEach(replica -> replica.awaitReady(Duration.ofSeconds(180)));
    }

    KubeControlPlane plane() {
        return plane;
    }

    KubeApi admin() {
        return plane.admin();
    }

    ServiceProcess replica(String identity) {
        return replicas.get(identity);
    }

    /**
     * Runs the Deployment {@code name} ({@code replicas} pods of 500m in {@value #WORK}) on {@code node}: every other
     * node is cordoned while kube-scheduler places the pods, then uncordoned; the pod names.
     */
    List<String> deployOn(String node, String name, int replicas) {
        List<String> others = new ArrayList<>();
        for (JsonNode other : admin().list("api/v1/nodes")) {
            String otherName = other.path("metadata").path("name").asText();
            if (!otherName.equals(node) && !other.path("spec").path("unschedulable").asBoolean()) {
                others.add(otherName);
            }
        }
        others.forEach(other -> setUnschedulable(other, true));
        admin().apply(KubeObjects.deployment(WORK, name, replicas, null, "500m"));
        awaitTrue(replicas + " pods of " + name + " running on " + node, () -> running(name).size() == replicas
                && running(name).stream().allMatch(pod -> KubeObjects.nodeOf(pod).equals(node)));
        others.forEach(other -> setUnschedulable(other, false));
        return running(name).stream().map(pod -> pod.path("metadata").path("name").asText()).sorted().toList();
    }

    /** The Running pods of Deployment {@code app} in {@value #WORK}. */
    List<JsonNode> running(String app) {
        return admin().list("api/v1/namespaces/" + WORK + "/pods?labelSelector=app%3D" + app).stream()
                .filter(pod -> "Running".equals(pod.path("status").path("phase").asText()))
                .filter(pod -> !pod.path("metadata").has("deletionTimestamp")).toList();
    }

    private void setUnschedulable(String node, boolean unschedulable) {
        admin().mergePatch("api/v1/nodes/" + node, KubeApi.object().set("spec", KubeApi.object().put("unschedulable", unschedulable)))
                .orThrow("cordon " + node);
    }

    /** Sets (or, with null, removes) an annotation of {@code node} as an operator would. */
    void annotate(String node, String key, String value) {
        ObjectNode annotations = KubeApi.object();
        if (value == null) {
            annotations.putNull(key);
        } else {
            annotations.put(key, value);
        }
        ObjectNode patch = KubeApi.object();
        patch.putObject("metadata").set("annotations", annotations);
        admin().mergePatch("api/v1/nodes/" + node, patch).orThrow("annotate " + node);
    }

    /** Removes {@value #KEEP_ON} from {@code node}: consolidation may now empty it and power it off. */
    void allowPowerOff(String node) {
        annotate(node, KEEP_ON, null);
    }

    JsonNode node(String name) {
        return admin().get("api/v1/nodes/" + name);
    }

    /** The Lease's holder, or an empty string. */
    String leaseHolder() {
        if (!admin().exists(LEASE)) {
            return "";
        }
        return admin().get(LEASE).path("spec").path("holderIdentity").asText("");
    }

    /** Whether {@code identity}'s replica says it leads ({@code power_manager_policy_leader} 1). */
    boolean leading(String identity) {
        Http.Response metrics = Http.get(replicas.get(identity).baseUrl() + "/metrics");
        return metrics.ok() && metrics.body().lines().anyMatch(line -> line.equals("power_manager_policy_leader 1.0"));
    }

    /** {@code acting} of {@code identity}'s consolidation plan: it leads and the policy is enforced. */
    boolean acting(String identity) throws IOException {
        Http.Response plan = Http.get(replicas.get(identity).baseUrl() + "/v1/plans/consolidation", "application/json");
        return plan.ok() && JSON.readTree(plan.body()).path("acting").asBoolean();
    }

    /** {@code identity}'s latest consolidation plan. */
    JsonNode consolidationPlan(String identity) throws IOException {
        return JSON.readTree(Http.get(replicas.get(identity).baseUrl() + "/v1/plans/consolidation", "application/json").body());
    }

    /**
     * power-manager's audit trail for {@code node}, oldest first: {@code "<kind> [<namespace>/<pod>] <outcome>"}, the
     * detail after {@code " — "} when there is one, and the acting replica after {@code " by "}.
     */
    List<String> audited(String node) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT kind, namespace, pod, outcome, detail, actor FROM power_manager.policy_action WHERE node = ? ORDER BY id")) {
            statement.setString(1, node);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + (result.getString(3) == null ? "" : " " + result.getString(2) + "/" + result.getString(3))
                            + " " + result.getString(4) + (result.getString(5) == null ? "" : " — " + result.getString(5))
                            + " by " + result.getString(6));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read power_manager.policy_action: " + e.getMessage(), e);
        }
        return rows;
    }

    /** power-manager's Events on Node {@code node} (in {@code default}, as node events live), oldest first. */
    List<JsonNode> events(String node) {
        List<JsonNode> events = new ArrayList<>(admin().list("api/v1/namespaces/default/events?fieldSelector="
                + KubeApi.query("involvedObject.kind=Node,involvedObject.name=" + node + ",source=power-manager")));
        events.sort(java.util.Comparator.comparing((JsonNode e) -> e.path("firstTimestamp").asText())
                .thenComparing(e -> e.path("metadata").path("creationTimestamp").asText()));
        return events;
    }

    /** The nodes the file driver was asked to switch off (its spool file), empty when none. */
    List<String> powerOffRequests() throws IOException {
        if (!Files.exists(powerOffFile)) {
            return List.of();
        }
        List<String> nodes = new ArrayList<>();
        JSON.readTree(powerOffFile.toFile()).path("powerOff").forEach(node -> nodes.add(node.asText()));
        return nodes;
    }

    /** What to read when a scenario fails: the end of each replica's log, the node agent's error, the control plane's logs. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        replicas.forEach((identity, replica) -> {
            String output = replica.output();
            text.append("---- ").append(identity).append('\n').append(output, Math.max(0, output.length() - 8000), output.length()).append('\n');
        });
        text.append("---- node agent: ").append(plane.nodes().lastError()).append('\n');
        return text.append(plane.logs()).toString();
    }

    void awaitTrue(String what, ClusterTestbed.Check check) {
        awaitTrue(Duration.ofSeconds(90), what, check);
    }

    void awaitTrue(Duration timeout, String what, ClusterTestbed.Check check) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.done()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            ClusterTestbed.sleep(100);
        }
        throw new AssertionError("not reached within " + timeout.toSeconds() + " s: " + what + "\n" + diagnostics());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Stops everything and deletes its directories, unless {@code -Dtestbed.keep=true}. */
    @Override
    public void close() {
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
        directories.forEach(Directories::deleteTree);
    }
}
