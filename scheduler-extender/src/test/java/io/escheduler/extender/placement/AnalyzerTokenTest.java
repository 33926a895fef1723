package io.escheduler.extender.placement;

import com.sun.net.httpserver.HttpServer;
import io.escheduler.extender.api.AnalyzerContract;
import io.escheduler.extender.api.Cluster;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.protocol.Requests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An analyzer whose reads need a token ({@code energy-analyzer.auth.reads=token}): the extender sends the token of
 * {@code scheduler-extender.analyzer.token-file} and gets the ranking; a token the analyzer refuses (403), or none
 * (401), leaves energy-aware pods scored without energy, never refused.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Cluster.class)
@QuarkusTestResource(value = AnalyzerTokenTest.ClosedAnalyzer.class, restrictToAnnotatedClass = true)
class AnalyzerTokenTest {

    static final String GOOD = "extender-sa-token";
    // scores 5, 2, 10, 4, 5 and 10, 0, 10, 0, 5, written less the lowest (docs/scheduler-extender.md, "Scoring")
    private static final String ENERGY = "[{\"Host\":\"worker-a1\",\"Score\":3},"
            + "{\"Host\":\"worker-c1\",\"Score\":8},{\"Host\":\"worker-c2\",\"Score\":2},{\"Host\":\"worker-new\",\"Score\":3}]";
    private static final String NEUTRAL = "[{\"Host\":\"worker-a1\",\"Score\":10},"
            + "{\"Host\":\"worker-c1\",\"Score\":10},{\"Host\":\"worker-new\",\"Score\":5}]";

    /** A loopback analyzer answering its golden placement to {@code Bearer extender-sa-token} only: 401 without, 403 else. */
    public static class ClosedAnalyzer implements QuarkusTestResourceLifecycleManager {

        static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
        static Path tokenFile;
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                byte[] golden = Files.readAllBytes(AnalyzerContract.GOLDEN);
                tokenFile = Files.createTempDirectory("extender-token-").resolve("token");
                writeToken(GOOD);
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
                server.createContext("/v1/placement", exchange -> {
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    AUTHORIZATIONS.add(String.valueOf(authorization));
                    int status = authorization == null ? 401 : authorization.equals("Bearer " + GOOD) ? 200 : 403;
                    byte[] body = status == 200 ? golden
                            : ("{\"error\":\"" + (status == 401 ? "unauthenticated" : "forbidden") + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("scheduler-extender.analyzer.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "scheduler-extender.analyzer.token-file", tokenFile.toString());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    /** Rewrites the token file as the kubelet rotates a projected token: a new content and modification time. */
    static void writeToken(String token) {
        try {
            Files.writeString(ClosedAnalyzer.tokenFile, token + "\n");
            Files.setLastModifiedTime(ClosedAnalyzer.tokenFile, FileTime.from(Instant.now().plusSeconds(ROTATIONS.incrementAndGet())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final AtomicInteger ROTATIONS = new AtomicInteger();

    @Inject
    NodeCache nodes;

    @BeforeEach
    void synced() {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.synced() && nodes.get("worker-c2") != null);
        ClosedAnalyzer.AUTHORIZATIONS.clear();
    }

    /** names-energy-aware.json for {@code program} (each test its own, as answers are cached per program). */
    private static Response prioritize(String program) {
        String body = new String(Requests.bytes("names-energy-aware.json"), StandardCharsets.UTF_8)
                .replace("\"golden-prog\"", "\"" + program + "\"");
        return given().contentType("application/json").body(body).post("/prioritize");
    }

    @Test
    void theExtendersTokenGetsTheRanking() {
        writeToken(GOOD);
        Response response = prioritize("token-good");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).isEqualTo(ENERGY);
        assertThat(ClosedAnalyzer.AUTHORIZATIONS).containsExactly("Bearer " + GOOD);
    }

    @Test
    void aRefusedTokenScoresWithoutEnergy() {
        writeToken("token-of-someone-else");
        Response response = prioritize("token-refused");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).isEqualTo(NEUTRAL);
        assertThat(ClosedAnalyzer.AUTHORIZATIONS).containsExactly("Bearer token-of-someone-else");
        assertThat(given().get("/metrics").asString()).contains("extender_verdicts_total{verb=\"prioritize\",verdict=\"no-ranking\"}");

        writeToken(GOOD); // rotated back: read again, answered
        assertThat(prioritize("token-rotated").asString()).isEqualTo(ENERGY);
    }
}
