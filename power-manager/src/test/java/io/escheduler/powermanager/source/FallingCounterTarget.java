package io.escheduler.powermanager.source;

import com.sun.net.httpserver.HttpServer;
import io.escheduler.testing.Ports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A scrape target in the exporter's format for one node at a steady {@value #WATTS} W and 50% busy, whose energy
 * counter can be made to {@linkplain #fall fall} at once: what Prometheus sees when a real exporter restarts within a
 * rate window and comes back without its accumulated wraps. (A running msr-exporter never lets its counter fall, and
 * restarting one takes longer than the tests' rate window.)
 */
final class FallingCounterTarget implements AutoCloseable {

    static final double WATTS = 100;

    private final String node;
    private final long startNanos = System.nanoTime();
    private final HttpServer server;
    private volatile double lostJoules;

    FallingCounterTarget(String node) {
        this.node = node;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** {@code host:port} to scrape. */
    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the counter reads {@code joules} lower; the power it grows at is unchanged. */
    void fall(double joules) {
        lostJoules += joules;
    }

    private String metrics() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, """
                # TYPE rapl_energy_joules_total counter
                rapl_energy_joules_total{node="%1$s",package="0",domain="package"} %2$.6f
                # TYPE cpu_seconds_total counter
                cpu_seconds_total{node="%1$s",mode="busy"} %3$.3f
                cpu_seconds_total{node="%1$s",mode="idle"} %3$.3f
                """, node, 100_000 + WATTS * seconds - lostJoules, 1_000 + seconds);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
