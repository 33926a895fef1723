package io.escheduler.extender.binding;

import io.escheduler.extender.api.Bindings;
import io.escheduler.extender.api.Cluster;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bind with restore through the real node-actuator: the packaged actuator jar runs on the Kaby Lake fixture machine
 * as node worker-a1's agent, publishing its annotations to the same Kubernetes test server the extender watches, and
 * is found as the actuator pod on worker-a1 ({@code pods} discovery). The extender authenticates with the token in
 * its token file. Throttled through the actuator's own API, the node is restored by the bind before the Binding is
 * created; when the actuator refuses the token or is down, the bind fails and no Binding is created.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Cluster.class)
@TestProfile(BindRestoreTest.Restore.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BindRestoreTest {

    private static final String TOKEN = "extender-restore-token";
    private static final String NODE = "worker-a1";
    private static final long BASELINE_KHZ = 4_200_000;
    private static final int ACTUATOR_PORT = actuatorPort();
    private static final Path TOKEN_FILE = Path.of("target", "bind-restore", "token").toAbsolutePath();

    private static FixtureMachine machine;
    private static ServiceProcess actuator;

    /** Pod discovery in namespace escheduler on the actuator's test port; the extender's token file; waiting for the annotation. */
    public static class Restore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            writeToken(TOKEN);
            return Map.of(
                    "scheduler-extender.actuator.discovery", "pods",
                    "scheduler-extender.actuator.namespace", "escheduler",
                    "scheduler-extender.actuator.port", Integer.toString(ACTUATOR_PORT),
                    "scheduler-extender.actuator.token-file", TOKEN_FILE.toString(),
                    "scheduler-extender.actuator.timeout", "5s",
                    "scheduler-extender.bind.await-annotation", "10s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    NodeCache nodes;

    /**
     * One free port for the whole run: Quarkus loads the test class a second time (in its own class loader) to build
     * the profile, and both copies must agree.
     */
    private static synchronized int actuatorPort() {
        String port = System.getProperty("bind-restore-test.actuator-port");
        if (port == null) {
            port = Integer.toString(Ports.free());
            System.setProperty("bind-restore-test.actuator-port", port);
        }
        return Integer.parseInt(port);
    }

    /** Rewrites the token file and moves its modification time on, as a rotation would. */
    static void writeToken(String token) {
        try {
            Files.createDirectories(TOKEN_FILE.getParent());
            Files.writeString(TOKEN_FILE, token + "\n");
            Files.setLastModifiedTime(TOKEN_FILE, FileTime.from(Instant.now().plusSeconds(token.length() + System.nanoTime() % 1000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void actuatorRuns() throws IOException {
        if (actuator != null) {
            return;
        }
        machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("extender-restore"));
        Path tokens = machine.root().resolve("tokens");
        Files.writeString(tokens, TOKEN + " scheduler-extender\n");
        actuator = ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator"))
                .msrFixtures(machine.root()).workDir(machine.root()).port(ACTUATOR_PORT)
                .env("QUARKUS_HTTP_PORT", Integer.toString(ACTUATOR_PORT))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("NODE_ACTUATOR_NODE_NAME", NODE)
                .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("state/state.json").toString())
                // left throttled when stopped: the "actuator down" case needs a node that stays throttled
                .env("NODE_ACTUATOR_RESTORE_ON_SHUTDOWN", "false")
                .env("NODE_ACTUATOR_AUTH_MODE", "token-file")
                .env("NODE_ACTUATOR_AUTH_TOKEN_FILE", tokens.toString())
                .env("NODE_ACTUATOR_ANNOTATIONS_ENABLED", "true")
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", server.getClient().getMasterUrl().toString())
                .env("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true")
                .start();
        Pod pod = new PodBuilder().withNewMetadata().withName("node-actuator-x2f9q").withNamespace("escheduler")
                .addToLabels("app.kubernetes.io/name", "node-actuator").endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("node-actuator").withImage("escheduler/node-actuator:0.1.0")
                .endContainer().endSpec().build();
        Pod created = server.getClient().pods().inNamespace("escheduler").resource(pod).create();
        created.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        server.getClient().pods().inNamespace("escheduler").resource(created).updateStatus();
    }

    @AfterAll
    static void stopActuator() {
        if (actuator != null) {
            actuator.close();
            actuator = null;
        }
    }

    private static Http.Response actuatorCall(String method, String path, String body) {
        return Http.send(method, actuator.baseUrl() + path, TOKEN, body);
    }

    private void throttle() {
        assertThat(actuatorCall("PUT", "/v1/cpufreq", "{\"ceiling\": \"min\"}").status()).isEqualTo(200);
        await("the actuator's annotation reaches the extender's cache").atMost(Duration.ofSeconds(20))
                .until(() -> nodes.get(NODE) != null && nodes.get(NODE).throttled());
    }

    private long ceiling(int cpu) throws IOException {
        return Long.parseLong(Files.readString(machine.sysfs().resolve("devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_max_freq")).strip());
    }

    private static Response bind(String pod) {
        return given().contentType("application/json").body("{\"PodName\":\"" + pod + "\",\"PodNamespace\":\"batch\",\"PodUID\":\"uid-"
                + pod + "\",\"Node\":\"" + NODE + "\"}").post("/bind");
    }

    @Test
    @Order(1)
    void bindRestoresAThrottledNodeThenBinds() throws IOException {
        throttle();
        assertThat(ceiling(0)).isEqualTo(400_000);
        Bindings bindings = new Bindings();
        bindings.expect(server, "batch", "restored-pod", 201);

        Response response = bind("restored-pod");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).isEqualTo("{\"Error\":\"\"}");
        assertThat(ceiling(0)).isEqualTo(BASELINE_KHZ);
        assertThat(actuatorCall("GET", "/v1/state", null).body()).contains("\"throttled\":false");
        assertThat(nodes.get(NODE).throttled()).as("bind waited for the annotation").isFalse();
        assertThat(bindings.received()).singleElement().satisfies(binding -> {
            assertThat(binding.getTarget().getName()).isEqualTo(NODE);
            assertThat(binding.getMetadata().getUid()).isEqualTo("uid-restored-pod");
        });
        assertThat(given().get("/metrics").asString()).contains("extender_verdicts_total{verb=\"bind\",verdict=\"restored-and-bound\"} 1.0");
    }

    @Test
    @Order(2)
    void aRefusedTokenFailsTheBindWithoutBinding() throws IOException {
        throttle();
        Bindings bindings = new Bindings();
        bindings.expect(server, "batch", "refused-pod", 201);
        writeToken("not-the-actuators-token");
        try {
            Response response = bind("refused-pod");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.asString()).contains("node worker-a1 is throttled and could not be restored before binding pod batch/refused-pod")
                    .contains("refused POST /v1/restore: HTTP 401");
        } finally {
            writeToken(TOKEN);
        }
        assertThat(ceiling(0)).as("still throttled").isEqualTo(400_000);
        assertThat(bindings.received()).isEmpty();
    }

    @Test
    @Order(3)
    void aNodeWithoutActuatorPodIsNotBound() {
        assertThat(nodes.get("worker-b1").throttled()).isTrue();
        Response response = given().contentType("application/json")
                .body("{\"PodName\":\"orphan\",\"PodNamespace\":\"batch\",\"PodUID\":\"u\",\"Node\":\"worker-b1\"}").post("/bind");
        assertThat(response.asString()).contains("no node-actuator pod with an IP on node worker-b1");
    }

    @Test
    @Order(4)
    void anActuatorThatIsDownFailsTheBindWithoutBinding() throws IOException {
        throttle();
        actuator.stop();
        Bindings bindings = new Bindings();
        bindings.expect(server, "batch", "down-pod", 201);

        Response response = bind("down-pod");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).contains("was unreachable or did not answer POST /v1/restore");
        assertThat(ceiling(0)).isEqualTo(400_000);
        assertThat(bindings.received()).isEmpty();
        assertThat(given().get("/metrics").asString()).contains("extender_dependency_failures_total{dependency=\"actuator\"}");
    }
}
