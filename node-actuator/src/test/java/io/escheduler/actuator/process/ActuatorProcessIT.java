package io.escheduler.actuator.process;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged actuator as a node runs it, on the Kaby Lake laptop fixture: what survives a
 * SIGTERM and a restart.
 */
class ActuatorProcessIT {

    private static final String TOKEN = "process-test-token";
    private static final long BASELINE_KHZ = 4_200_000;

    private FixtureMachine machine;
    private Path tokens;

    @BeforeEach
    void machine() throws IOException {
        machine = FixtureMachine.create("intel-client-kbl", PreloadLibrary.newFixtureDirectory("actuator-process"));
        tokens = machine.root().resolve("tokens");
        Files.writeString(tokens, TOKEN + " process-test\n");
    }

    private ServiceProcess start(boolean restoreOnShutdown) {
        return builder(restoreOnShutdown, Ports.free()).start();
    }

    private ServiceProcess.Builder builder(boolean restoreOnShutdown, int port) {
        return ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator"))
                .msrFixtures(machine.root()).workDir(machine.root()).port(port)
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("NODE_ACTUATOR_NODE_NAME", "process-node")
                .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("state/state.json").toString())
                .env("NODE_ACTUATOR_RESTORE_ON_SHUTDOWN", Boolean.toString(restoreOnShutdown))
                .env("NODE_ACTUATOR_AUTH_MODE", "token-file")
                .env("NODE_ACTUATOR_AUTH_TOKEN_FILE", tokens.toString())
                .env("NODE_ACTUATOR_ANNOTATIONS_ENABLED", "false");
    }

    private Http.Response call(ServiceProcess actuator, String method, String path, String body) {
        return Http.send(method, actuator.baseUrl() + path, TOKEN, body);
    }

    private long ceiling(int cpu) throws IOException {
        return Long.parseLong(Files.readString(machine.sysfs().resolve("devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_max_freq")).strip());
    }

    private String powerLimit() throws IOException {
        return Files.readString(machine.powercapFile("intel-rapl:0", "constraint_0_power_limit_uw")).strip();
    }

    @Test
    void sigtermPutsTheNodeBackToItsBaseline() throws IOException {
        ServiceProcess actuator = start(true);
        assertThat(call(actuator, "PUT", "/v1/cpufreq", "{\"ceiling\": \"min\"}").status()).isEqualTo(200);
        assertThat(call(actuator, "PUT", "/v1/power-limit", "{\"watts\": 10}").status()).isEqualTo(200);
        assertThat(ceiling(7)).isEqualTo(400_000);
        assertThat(powerLimit()).isEqualTo("10000000");

        assertThat(actuator.stop()).isIn(0, 143);

        assertThat(ceiling(7)).isEqualTo(BASELINE_KHZ);
        assertThat(powerLimit()).isEqualTo("15000000");
        assertThat(actuator.output()).contains("node restored to its baseline before stopping");
    }

    @Test
    void aRestartWhileThrottledKeepsTheTrueBaseline() throws IOException {
        ServiceProcess first = start(false);
        assertThat(call(first, "PUT", "/v1/cpufreq", "{\"ceiling\": 1000000}").status()).isEqualTo(200);
        first.stop();
        assertThat(ceiling(0)).as("left throttled on purpose").isEqualTo(1_000_000);

        try (ServiceProcess second = start(false)) {
            Http.Response state = call(second, "GET", "/v1/state", null);
            assertThat(state.body()).contains("\"throttled\":true")
                    .contains("\"baseline\":{\"capturedAt\"")
                    .contains("\"0\":{\"ceilingKhz\":4200000,\"governor\":\"powersave\"}");

            assertThat(call(second, "POST", "/v1/restore", null).status()).isEqualTo(200);
            assertThat(ceiling(0)).isEqualTo(BASELINE_KHZ);
        }
    }

    @Test
    void aTtlThatPassedWhileTheAgentWasDownRevertsAtStart() throws IOException, InterruptedException {
        ServiceProcess first = start(false);
        assertThat(call(first, "PUT", "/v1/cpufreq", "{\"ceiling\": \"min\", \"cpus\": [3], \"ttlSeconds\": 2}").status()).isEqualTo(200);
        first.stop();
        assertThat(ceiling(3)).isEqualTo(400_000);
        Thread.sleep(2500);

        try (ServiceProcess second = start(false)) {
            assertThat(ceiling(3)).isEqualTo(BASELINE_KHZ);
            assertThat(call(second, "GET", "/v1/state", null).body()).contains("\"changes\":{\"cpus\":{},\"packages\":{}}");
        }
    }

    @Test
    void servesTlsOnlyWhenConfigured() throws Exception {
        Path keystore = machine.root().resolve("actuator.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "actuator", "-keyalg", "EC", "-dname", "CN=node-actuator.escheduler.svc",
                "-ext", "SAN=dns:node-actuator.escheduler.svc,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor()).isZero();
        int port = Ports.free();
        ServiceProcess actuator = builder(true, Ports.free())
                .env("QUARKUS_HTTP_SSL_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE", keystore.toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", "changeit")
                .env("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled")
                .launch();
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
            String url = "https://127.0.0.1:" + port + "/v1/state";
            java.net.http.HttpResponse<String> response = null;
            for (int attempt = 0; attempt < 100 && response == null; attempt++) {
                try {
                    response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header("Authorization", "Bearer " + TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    assertThat(actuator.alive()).as(actuator.output()).isTrue();
                    Thread.sleep(200);
                }
            }
            assertThat(response).isNotNull();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"node\":\"process-node\"");
        } finally {
            actuator.stop();
        }
    }

    @Test
    void requestsWithoutATokenAreRefused() {
        try (ServiceProcess actuator = start(true)) {
            assertThat(Http.send("GET", actuator.baseUrl() + "/v1/state", null, null).status()).isEqualTo(401);
            assertThat(Http.send("GET", actuator.baseUrl() + "/v1/state", "wrong", null).status()).isEqualTo(401);
            assertThat(Http.get(actuator.baseUrl() + "/metrics").status()).isEqualTo(200);
        }
    }
}
