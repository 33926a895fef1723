package io.escheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, or {@code $PROMETHEUS_BIN}) run as
 * a process on loopback, scraping the given targets. Can be stopped and started again on the same
 * port and storage, to test what a client does while Prometheus is away.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final int port;
    private Process process;

    private PrometheusServer(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}) every {@code scrapeInterval}
     * and waits until it is ready.
     */
    public static PrometheusServer start(Path workDir, List<String> targets, Duration scrapeInterval) {
        return start(workDir, targets, scrapeInterval, Ports.free());
    }

    /** The same on loopback port {@code port}. */
    public static PrometheusServer start(Path workDir, List<String> targets, Duration scrapeInterval, int port) {
        try {
            Files.createDirectories(workDir);
            StringBuilder config = new StringBuilder()
                    .append("global:\n")
                    .append("  scrape_interval: ").append(scrapeInterval.toMillis()).append("ms\n")
                    .append("  scrape_timeout: ").append(scrapeInterval.toMillis()).append("ms\n")
                    .append("scrape_configs:\n")
                    .append("  - job_name: escheduler\n")
                    .append("    static_configs:\n")
                    .append("      - targets: [");
            for (int i = 0; i < targets.size(); i++) {
                config.append(i > 0 ? ", " : "").append('"').append(targets.get(i)).append('"');
            }
            config.append("]\n");
            Files.writeString(workDir.resolve("prometheus.yml"), config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrometheusServer server = new PrometheusServer(workDir, port);
        server.startProcess();
        return server;
    }

    /** The Prometheus binary: {@code $PROMETHEUS_BIN}, else {@code prometheus} on the PATH, else /usr/bin/prometheus. */
    public static Path binary() {
        String configured = System.getenv("PROMETHEUS_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/bin/prometheus");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        throw new IllegalStateException("no prometheus binary: install Debian's prometheus package (the README's test command does) "
                + "or set PROMETHEUS_BIN");
    }

    /** (Re)starts the server process on the same port and storage. */
    public void startProcess() {
        List<String> command = new ArrayList<>(List.of(binary().toString(),
                "--config.file=" + workDir.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--log.level=warn"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("prometheus.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
            }
            if (Http.get(baseUrl() + "/-/ready").ok()) {
                return;
            }
            ServiceProcess.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready after 30 s: " + log());
    }

    /** Stops the server process (SIGTERM); {@link #startProcess()} brings it back. */
    public void stopProcess() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code data.result} of an instant query. */
    public JsonNode query(String promql) {
        Http.Response response = Http.get(baseUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!response.ok()) {
            throw new IllegalStateException("query " + promql + " answered " + response.status() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of the first series an instant query returns, if any. */
    public Optional<Double> value(String promql) {
        JsonNode result = query(promql);
        if (!result.isArray() || result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** Polls {@code promql} until its value satisfies {@code condition}; the value. */
    public double await(String promql, DoublePredicate condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Optional<Double> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            last = value(promql);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            ServiceProcess.sleep(200);
        }
        throw new IllegalStateException("'" + promql + "' did not reach the expected value within " + timeout + "; last: " + last
                + "\n" + log());
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
