package io.escheduler.analyzer.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.HeadlessChromium;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped under the packaged analyzer, then started again: every API call that needs it answers 503 with a
 * JSON error naming it and a {@code Retry-After}; the report page says so and keeps the programs chosen; the log has
 * one line when the outage starts and one when it ends, no stack trace per poll; afterwards everything works again.
 */
class DatabaseOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private PostgresServer postgres;
    private ServiceProcess analyzer;

    @BeforeEach
    void start() throws IOException {
        postgres = PostgresServer.start(Files.createTempDirectory("escheduler-it-pg-")); // not under @TempDir: 0700 root, closed to postgres
        // Prometheus is not what this test is about: nothing listens there, runs just stay pending.
        analyzer = AnalyzerProcess.builder(dir.resolve("analyzer"), postgres, "http://127.0.0.1:" + Ports.free()).start();
    }

    @AfterEach
    void stop() {
        if (analyzer != null) {
            analyzer.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** status, Retry-After and body of a call; POST with the writer's token. */
    private record Answer(int status, String retryAfter, JsonNode body) {
    }

    private Answer call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(analyzer.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").header("Authorization", "Bearer " + AnalyzerProcess.TOKEN)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    @Test
    void anOutageIs503NamingTheDatabaseAndEndsByItself() throws Exception {
        AnalyzerProcess.recordRun(analyzer, "outage-prog");
        String run = "{\"program\": \"outage-prog\", \"nodes\": [\"" + AnalyzerProcess.NODE + "\"], \"start\": \"2026-01-01T08:00:00Z\", "
                + "\"end\": \"2026-01-01T09:00:00Z\"}";
        int logBefore = analyzer.output().length();

        postgres.stopProcess();
        for (String[] call : List.of(new String[] {"GET", "/v1/programs"}, new String[] {"GET", "/v1/reports?program=outage-prog"},
                new String[] {"GET", "/v1/placement?program=outage-prog"}, new String[] {"GET", "/v1/programs/outage-prog/energy"},
                new String[] {"POST", "/v1/runs"})) {
            Answer answer = call(call[0], call[1], call[0].equals("POST") ? run : null);
            assertThat(answer.status()).as("%s %s: %s", call[0], call[1], answer.body()).isEqualTo(503);
            assertThat(answer.retryAfter()).as("%s %s", call[0], call[1]).isEqualTo("10");
            assertThat(answer.body().path("error").asText()).as("%s %s", call[0], call[1])
                    .isEqualTo("the database is unreachable: PostgreSQL at 127.0.0.1:" + postgres.port() + "/escheduler does not answer; "
                            + "try again later");
            assertThat(answer.body().path("detail").path("dependency").asText()).isEqualTo("postgresql");
        }

        // the report page says it in words and keeps the chosen programs chosen
        try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium"), 1024, 768)) {
            chromium.navigate(analyzer.baseUrl() + "/report/?program=outage-prog&program=other-prog");
            chromium.waitUntil("document.body && document.body.dataset.state === 'error'", Duration.ofSeconds(90));
            assertThat(chromium.evaluate("document.getElementById('error').textContent").asText())
                    .contains("the database is unreachable").doesNotContain("500").doesNotContain("Internal Server Error");
            JsonNode picker = JSON.readTree(chromium.evaluate("JSON.stringify([...document.querySelectorAll('#program-list li')]"
                    + ".map(li => ({name: li.querySelector('input') && li.querySelector('input').value, "
                    + "checked: !!(li.querySelector('input') && li.querySelector('input').checked), "
                    + "note: li.querySelector('.runs') && li.querySelector('.runs').textContent})))").asText());
            assertThat(picker).extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("outage-prog", "other-prog");
            assertThat(picker).allSatisfy(p -> {
                assertThat(p.get("checked").asBoolean()).isTrue();
                assertThat(p.get("note").asText()).isNotEqualTo("unknown");
            });
        }

        // several polls of the profiler (every second) while it is away: one line, no stack trace
        Thread.sleep(4000);
        postgres.startProcess();
        Instant deadline = Instant.now().plusSeconds(60);
        while (call("GET", "/v1/programs", null).status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(call("GET", "/v1/programs", null).status()).isEqualTo(200);
        while (!analyzer.output().substring(logBefore).contains("answers again, after") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        String log = analyzer.output().substring(logBefore);
        assertThat(log.lines().filter(line -> line.contains("is unreachable")).toList()).as(log).hasSize(1);
        assertThat(log.lines().filter(line -> line.contains("answers again, after")).toList()).as(log).hasSize(1);
        assertThat(log.lines().filter(line -> line.startsWith("\tat ") || line.contains(" ERROR ") || line.contains("SQLState"))
                .toList()).as("stack traces, errors, a line per failed statement: %s", log).isEmpty();

        Answer after = call("POST", "/v1/runs", run);
        assertThat(after.status()).as(String.valueOf(after.body())).isEqualTo(201);
        assertThat(call("GET", "/v1/placement?program=outage-prog", null).status()).isEqualTo(200);
    }
}
