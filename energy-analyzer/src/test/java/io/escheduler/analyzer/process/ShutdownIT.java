package io.escheduler.analyzer.process;

import com.sun.net.httpserver.HttpServer;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the packaged analyzer while it profiles runs: the profiler stops before persistence closes, the run at
 * hand is finished and the rest of its batch handed back, so nothing is logged as an error and no run stays claimed.
 * Prometheus answers slowly here (each query held {@link #SLOW} by a proxy in front of the real server), so that a run
 * is being profiled when the signal comes.
 */
class ShutdownIT {

    private static final Duration SLOW = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private PostgresServer postgres;
    private PrometheusServer prometheus;
    private HttpServer slowProxy;
    private final CountDownLatch queried = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        postgres = PostgresServer.start(Files.createTempDirectory("escheduler-it-pg-")); // not under @TempDir: 0700 root, closed to postgres
        prometheus = PrometheusServer.start(dir.resolve("prometheus"), List.of(), Duration.ofSeconds(1));
        HttpClient client = HttpClient.newHttpClient();
        slowProxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        slowProxy.createContext("/", exchange -> {
            queried.countDown();
            try {
                Thread.sleep(SLOW.toMillis());
                HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(prometheus.baseUrl()
                        + exchange.getRequestURI())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        slowProxy.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowProxy.start();
    }

    @AfterEach
    void stop() {
        if (slowProxy != null) {
            slowProxy.stop(0);
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sigtermWhileProfilingLeavesEveryRunDoneOrPendingAndLogsNoError() throws Exception {
        ServiceProcess analyzer = AnalyzerProcess.builder(dir.resolve("analyzer"), postgres,
                "http://127.0.0.1:" + slowProxy.getAddress().getPort()).start();
        String startup = analyzer.output();
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(AnalyzerProcess.recordRun(analyzer, "shutdown-" + i));
        }
        assertThat(queried.await(60, TimeUnit.SECONDS)).as("the profiler asked Prometheus").isTrue();

        Instant signalled = Instant.now();
        int exit = analyzer.stop();

        String output = analyzer.output();
        assertThat(exit).as(output).isIn(0, 143);
        assertThat(output.lines().filter(line -> line.contains(" ERROR ")).toList()).as("errors logged").isEmpty();
        assertThat(output).doesNotContain("EntityManagerFactory is closed");
        assertThat(startup.lines().filter(line -> line.toLowerCase(Locale.ROOT).contains("deprecated")).toList())
                .as("deprecation warnings at start-up").isEmpty();
        try (Connection db = AnalyzerProcess.database(postgres); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id, status, next_attempt_at FROM run ORDER BY id")) {
            int seen = 0;
            while (rows.next()) {
                seen++;
                String status = rows.getString("status");
                Timestamp next = rows.getTimestamp("next_attempt_at");
                assertThat(status).as("run %d", rows.getLong("id")).isIn("pending", "complete");
                if (status.equals("pending")) {
                    assertThat(next.toInstant()).as("run %d is due again soon, not claimed for 10 minutes", rows.getLong("id"))
                            .isBefore(signalled.plus(Duration.ofMinutes(2)));
                }
            }
            assertThat(seen).isEqualTo(runs.size());
        }
    }
}
