package io.escheduler.powermanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.powermanager.execute.PowerScript;
import io.escheduler.testing.Directories;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.escheduler.powermanager.execute.KubeObjects.create;
import static io.escheduler.powermanager.execute.KubeObjects.node;
import static io.escheduler.powermanager.execute.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two services side by side, as a cluster runs them: the packaged power-manager and the packaged energy-analyzer
 * against one Kubernetes API server (fabric8's test server, CRUD mode), one PostgreSQL database (each service its own
 * schema and Flyway history) and one Prometheus.
 * <ul>
 *   <li>power-manager plans, wins its Lease and enforces power-off: the idle node is cordoned, switched off through the
 *   exec driver (a script that logs its calls) and annotated, the action recorded in its audit trail, as a Node Event
 *   and in its metrics.</li>
 *   <li>The analyzer watches the same cluster and changes nothing there: every request it sends (told apart by its own
 *   token) is a GET, but the TokenReviews with which it asks whose a caller's token is.</li>
 *   <li>The analyzer refuses a write without a token (401) and one made with power-manager's token (403: an account
 *   that may not record runs), as the API server's TokenReview (answered here as it would) names the caller.</li>
 *   <li>power-manager is ready while PostgreSQL answers, and describes its plans API on {@code /q/openapi}.</li>
 * </ul>
 */
class PowerManagerIT {

    private static final String IDLE = "idle-1";
    private static final String BUSY = "busy-1";
    private static final String ANALYZERS_TOKEN = "energy-analyzer-side-by-side";
    private static final String MANAGERS_TOKEN = "power-manager-side-by-side";
    private static final String NAMESPACE = "escheduler";
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static KubernetesMockServer apiServer;
    private static KubernetesClient client;
    private static PostgresServer postgres;
    private static PowerScript power;
    private static ServiceProcess manager;
    private static ServiceProcess analyzer;

    @BeforeAll
    static void deploy() throws IOException {
        Path dir = Files.createTempDirectory("power-manager-it-");
        RUNNING.add(() -> Directories.deleteTree(dir));
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        apiServer.init(InetAddress.getLoopbackAddress(), Ports.free());
        RUNNING.add(apiServer::destroy);
        client = apiServer.createClient();
        // the API server's answer to the analyzer's TokenReview of power-manager's token (a projected token made for
        // the analyzer's audience): its service account
        apiServer.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, "{\"apiVersion\":\"authentication.k8s.io/v1\","
                + "\"kind\":\"TokenReview\",\"status\":{\"authenticated\":true,\"audiences\":[\"energy-analyzer\"],"
                + "\"user\":{\"username\":\"system:serviceaccount:" + NAMESPACE + ":power-manager\"}}}").always();
        create(client, node("cp-1", true, Map.of("node-role.kubernetes.io/control-plane", ""), Map.of()));
        create(client, node(BUSY, true, Map.of(), Map.of("energy.escheduler.io/do-not-power-off", "true")));
        create(client, node(IDLE, true, Map.of(), Map.of()));
        create(client, pod("shop", "web-1", BUSY, "ReplicaSet", "500m"));
        create(client, pod("monitoring", "exporter-1", IDLE, "DaemonSet", "50m"));

        Path database = Files.createTempDirectory("power-manager-it-pg-");
        RUNNING.add(() -> Directories.deleteTree(database));
        postgres = PostgresServer.start(database);
        RUNNING.add(postgres);
        PrometheusServer prometheus = PrometheusServer.start(PreloadLibrary.newFixtureDirectory("side-by-side-prometheus"), List.of(),
                Duration.ofSeconds(5));
        RUNNING.add(prometheus);
        power = PowerScript.in(dir.resolve("power"));

        analyzer = service("energy-analyzer", dir, ANALYZERS_TOKEN)
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "true")
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", prometheus.baseUrl())
                .launch();
        RUNNING.add(analyzer);

        ServiceProcess.Builder builder = service("power-manager", dir, MANAGERS_TOKEN)
                .env("POWER_MANAGER_PROMETHEUS_URL", prometheus.baseUrl())
                .env("POWER_MANAGER_INTERVAL", "1s")
                .env("POWER_MANAGER_POWER_OFF_MODE", "enforce")
                .env("POWER_MANAGER_POWER_OFF_GRACE_PERIOD", "0s");
        power.config().forEach((key, value) -> builder.env(key.toUpperCase().replaceAll("[.-]", "_"), value));
        manager = builder.launch();
        RUNNING.add(manager);
        analyzer.awaitReady(Duration.ofSeconds(120));
        manager.awaitReady(Duration.ofSeconds(120));
    }

    /** The packaged {@code module} on a free port, with the shared database, and the API server as {@code token}'s holder. */
    private static ServiceProcess.Builder service(String module, Path dir, String token) {
        return ServiceProcess.builder(ServiceProcess.quarkusJar(module)).workDir(dir).quarkusHttp(Ports.free()).jvmArg("-Xmx192m")
                .datasource(postgres)
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer.url("/"))
                .env("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", NAMESPACE)
                .env("QUARKUS_KUBERNETES_CLIENT_TOKEN", token);
    }

    @AfterAll
    static void tearDown() {
        for (int i = RUNNING.size() - 1; i >= 0; i--) {
            try {
                RUNNING.get(i).close();
            } catch (Exception e) {
                // best effort: the others still stop
            }
        }
    }

    @Test
    void powerManagerPlansAndEnforcesAPowerOffWhileTheAnalyzerOnlyReads() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> audited().contains("power-off power-off " + IDLE + " done"));

        assertThat(audited()).containsExactly("power-off cordon " + IDLE + " done", "power-off power-off " + IDLE + " done");
        assertThat(power.calls()).containsExactly("off " + IDLE);
        Node idle = client.nodes().withName(IDLE).get();
        assertThat(idle.getSpec().getUnschedulable()).isTrue();
        assertThat(idle.getMetadata().getAnnotations()).containsEntry("energy.escheduler.io/powered-off", "true")
                .containsEntry("energy.escheduler.io/cordoned-by", "power-off");
        assertThat(client.nodes().withName(BUSY).get().getMetadata().getAnnotations()).doesNotContainKey("energy.escheduler.io/powered-off");
        assertThat(client.v1().events().inNamespace("default").list().getItems()).extracting(Event::getReason).contains("Cordon", "PowerOff");
        assertThat(client.leases().inNamespace(NAMESPACE).withName("power-manager").get().getSpec().getHolderIdentity()).isNotBlank();

        JsonNode plan = JSON.readTree(Http.get(manager.baseUrl() + "/v1/plans/power-off", "application/json").body());
        assertThat(plan.path("mode").asText()).isEqualTo("enforce");
        assertThat(plan.path("acting").asBoolean()).isTrue();
        assertThat(Http.get(manager.baseUrl() + "/metrics").body())
                .contains("power_manager_policy_actions_total{kind=\"power-off\",outcome=\"done\",policy=\"power-off\"} 1.0")
                .contains("power_manager_policy_leader 1.0");

        Set<String> analyzersWrites = new TreeSet<>();
        int analyzersRequests = 0;
        for (RecordedRequest request; (request = apiServer.takeRequest(200, TimeUnit.MILLISECONDS)) != null; ) {
            if (("Bearer " + ANALYZERS_TOKEN).equals(request.getHeader("Authorization"))) {
                analyzersRequests++;
                boolean review = "POST".equals(request.getMethod()) && request.getPath().startsWith(TOKEN_REVIEWS);
                if (!"GET".equals(request.getMethod()) && !review) {
                    analyzersWrites.add(request.getMethod() + " " + request.getPath());
                }
            }
        }
        assertThat(analyzersRequests).as("the analyzer watches the same cluster").isPositive();
        assertThat(analyzersWrites).as("the analyzer's requests other than GET (and TokenReviews, which change nothing)").isEmpty();
        assertThat(Http.get(analyzer.baseUrl() + "/v1/plans").status()).as("plans are power-manager's").isEqualTo(404);
    }

    @Test
    void theAnalyzerRefusesAWriteWithoutTokenAndOneOfAnAccountThatMayNotWrite() {
        String run = "{\"program\": \"lulesh\", \"nodes\": [\"" + BUSY + "\"], \"start\": \"2026-11-25T08:00:00Z\","
                + " \"end\": \"2026-11-25T09:00:00Z\"}";

        Http.Response anonymous = Http.send("POST", analyzer.baseUrl() + "/v1/runs", null, run);
        Http.Response foreign = Http.send("POST", analyzer.baseUrl() + "/v1/runs", MANAGERS_TOKEN, run);

        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error\":\"unauthenticated\"");
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"error\":\"forbidden\"").contains("power-manager");
        assertThat(Http.get(analyzer.baseUrl() + "/v1/programs", "application/json").body()).as("no run recorded")
                .doesNotContain("lulesh");
    }

    @Test
    void powerManagerServesItsHealthAndDescribesItsApi() {
        Http.Response ready = Http.get(manager.baseUrl() + "/q/health/ready", "application/json");
        Http.Response live = Http.get(manager.baseUrl() + "/q/health/live", "application/json");
        Http.Response openApi = Http.get(manager.baseUrl() + "/q/openapi");

        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).as("readiness follows PostgreSQL").contains("Database connections health check");
        assertThat(live.status()).as(live.body()).isEqualTo(200);
        assertThat(openApi.body()).contains("EScheduler power-manager", "/v1/plans:", "/v1/plans/{policy}:");
    }

    /** power-manager's audit trail, {@code "policy kind node outcome"} in the order of its rows. */
    private static List<String> audited() {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT policy, kind, node, outcome FROM power_manager.policy_action ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3) + " " + result.getString(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read power_manager.policy_action: " + e.getMessage() + "\n" + manager.output(), e);
        }
        return rows;
    }
}
