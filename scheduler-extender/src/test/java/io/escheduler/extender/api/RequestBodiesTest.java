package io.escheduler.extender.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestBodies} on a real Vert.x HTTP server: a route that answers the SHA-256 of the body it got, with a
 * 1000-byte limit; bodies sent with {@code Content-Length} and chunked, within and over the limit.
 */
class RequestBodiesTest {

    private static final int LIMIT = 1000;

    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/digest").handler(ctx -> RequestBodies.read(ctx, LIMIT,
                body -> Responses.json(ctx, 200, Buffer.buffer("\"" + sha256(body) + "\""))));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/digest"))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A publisher without a known length: the client sends it chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    @Test
    void aBodyWithContentLengthArrivesWhole() throws Exception {
        for (int length : new int[] {0, 1, 999, LIMIT}) {
            byte[] body = bytes(length);
            HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(body));
            assertThat(response.statusCode()).as("%d bytes", length).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"" + sha256(body) + "\"");
        }
    }

    @Test
    void aChunkedBodyArrivesWhole() throws Exception {
        byte[] body = bytes(LIMIT);
        HttpResponse<String> response = post(chunked(body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"" + sha256(body) + "\"");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413WithoutKeepingIt() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(bytes(LIMIT + 1)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"Error\":").contains("1001 bytes exceeds the limit of 1000 bytes")
                .contains("quarkus.http.limits.max-body-size");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = post(chunked(bytes(5 * LIMIT)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("exceeds the limit of 1000 bytes");
    }

    @Test
    void theServerStillAnswersAfterRefusals() throws Exception {
        post(chunked(bytes(5 * LIMIT)));
        post(HttpRequest.BodyPublishers.ofByteArray(bytes(LIMIT + 1)));
        byte[] body = bytes(10);
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(body)).body()).isEqualTo("\"" + sha256(body) + "\"");
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
