package io.escheduler.extender.api;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The energy-analyzer's placement contract on a loopback port: {@code GET /v1/placement?program=golden-prog} answers
 * the analyzer's own golden file ({@code energy-analyzer/src/test/resources/golden/placement-peak-power.json}, which
 * the analyzer's tests pin against its real answer), so a change of that format breaks these tests too. Every other
 * request answers 404, and one with an {@code Authorization} header 400 (none is configured in these tests). The
 * real analyzer needs PostgreSQL and Prometheus; its REST contract is all the extender uses.
 */
public class AnalyzerContract implements QuarkusTestResourceLifecycleManager {

    public static final Path GOLDEN = Path.of("../energy-analyzer/src/test/resources/golden/placement-peak-power.json");
    public static final String PROGRAM = "golden-prog";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        byte[] golden;
        try {
            golden = Files.readAllBytes(GOLDEN);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/placement", exchange -> {
            boolean known = ("program=" + PROGRAM).equals(exchange.getRequestURI().getRawQuery());
            // without scheduler-extender.analyzer.token-file the extender sends no Authorization header at all
            boolean tokenless = !exchange.getRequestHeaders().containsKey("Authorization");
            byte[] body = !tokenless ? "{\"error\":\"an Authorization header was sent\"}".getBytes(StandardCharsets.UTF_8)
                    : known ? golden : "{\"error\":\"no such program\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(!tokenless ? 400 : known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("scheduler-extender.analyzer.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
