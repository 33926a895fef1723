package io.escheduler.analyzer.reports;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A reverse proxy that publishes the analyzer under a path prefix ({@code /prefix/...} →
 * {@code /...}), as an ingress or a site's web server would, and that can play an analyzer whose
 * API is down: requests under {@code /v1/} then get no answer at all (the connection is closed).
 * GET only; redirects are passed on as they are.
 */
final class PathPrefixProxy implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Location", "Cache-Control", "ETag", "Last-Modified");

    private final HttpServer server;
    private final String prefix;
    private final URI upstream;
    private volatile boolean apiDown;

    PathPrefixProxy(String prefix, URI upstream) {
        this.prefix = prefix;
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The analyzer's root as seen through the proxy, ending in '/'. */
    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix + "/";
    }

    /** From now on, the API ({@code /v1/...}) answers nothing; the page itself is still served. */
    void apiDown(boolean down) {
        apiDown = down;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(prefix + "/") || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String inner = path.substring(prefix.length());
            if (apiDown && inner.startsWith("/v1/")) {
                return; // closed without a response: the browser sees the connection drop
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(inner + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30)).GET();
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String header : PASSED_HEADERS) {
                response.headers().firstValue(header).ifPresent(value -> exchange.getResponseHeaders().set(header, value));
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
