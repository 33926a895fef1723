package io.escheduler.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.Directories;
import io.escheduler.testing.FixtureExporter;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.LoadDriver;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.escheduler.testing.Sleep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the demo runs, in its work directory: the {@link Scenario}'s nodes (fixture machines advanced by a
 * {@link LoadDriver}, each served by the packaged msr-exporter), a real Prometheus scraping them and the analyzer every
 * second, and the packaged energy-analyzer with its own PostgreSQL (no datasource URL: the directory is the demo's).
 * {@link #start} returns once the scenario's runs are registered and profiled; {@link #close} stops every process and
 * removes the work directory.
 */
final class DemoStack implements AutoCloseable {

    static final int ANALYZER_PORT = 9865;
    static final int PROMETHEUS_PORT = 9090;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final PrintStream out;
    private final List<ServiceProcess> exporters = new ArrayList<>();
    private final Map<String, FixtureMachine> machines = new LinkedHashMap<>();
    private LoadDriver load;
    private PrometheusServer prometheus;
    private ServiceProcess analyzer;
    private String token;
    private volatile boolean closed;

    DemoStack(Path work, PrintStream out) {
        this.work = work;
        this.out = out;
    }

    String analyzerUrl() {
        return analyzer.baseUrl();
    }

    String prometheusUrl() {
        return prometheus.baseUrl();
    }

    Path work() {
        return work;
    }

    /** The file holding the token that writes to the analyzer take (its {@code energy-analyzer.auth.token-file}). */
    Path tokenFile() {
        return work.resolve("analyzer-token");
    }

    void start() {
        say("four nodes in two systems (" + Scenario.SYSTEM_A + ": " + Scenario.nodesOf(Scenario.SYSTEM_A) + ", "
                + Scenario.SYSTEM_B + ": " + Scenario.nodesOf(Scenario.SYSTEM_B) + "), fixture machines " + Scenario.FIXTURE
                + " whose load changes every " + Scenario.PHASE.toSeconds() + " s");
        List<LoadDriver.Zone> zones = new ArrayList<>();
        List<LoadDriver.Stat> stats = new ArrayList<>();
        for (Scenario.Node node : Scenario.NODES) {
            FixtureMachine machine = FixtureMachine.create(Scenario.FIXTURE, work.resolve("nodes").resolve(node.name()));
            machines.put(node.name(), machine);
            for (String zone : Scenario.ZONES) {
                zones.add(new LoadDriver.Zone(machine.powercapFile(zone, "energy_uj"), node.watts(zone)));
            }
            stats.add(new LoadDriver.Stat(machine.procfs().resolve("stat"), machine.cpuCount(), node.load()));
        }
        load = LoadDriver.start(Scenario.PHASE, zones, stats);

        List<String> targets = new ArrayList<>();
        for (Scenario.Node node : Scenario.NODES) {
            int port = Ports.free();
            targets.add("127.0.0.1:" + port);
            FixtureMachine machine = machines.get(node.name());
            exporters.add(FixtureExporter.powercap(machine, node.name(), port)
                    .jvmArg("-Xmx48m").jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-XX:+UseSerialGC")
                    .env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "false")
                    .launch());
        }
        int analyzerPort = Ports.preferred(ANALYZER_PORT);
        int prometheusPort = Ports.preferred(PROMETHEUS_PORT);
        targets.add("127.0.0.1:" + analyzerPort);
        say("the packaged msr-exporter on each node, energy-analyzer with its own PostgreSQL, and Prometheus");
        analyzer = analyzer(analyzerPort, prometheusPort).launch();
        prometheus = PrometheusServer.start(directory("prometheus"), targets, Scenario.SCRAPE_INTERVAL, prometheusPort);
        for (ServiceProcess exporter : exporters) {
            exporter.awaitReady(Duration.ofSeconds(120));
        }
        int series = Scenario.NODES.size() * Scenario.ZONES.size();
        prometheus.await("count(rapl_energy_joules_total)", v -> v == series, Duration.ofSeconds(60));

        // the runs begin with the next phase that starts after Prometheus holds every node's counters
        long first = (Duration.between(load.epoch(), Instant.now()).toMillis() / Scenario.PHASE.toMillis()) + 1;
        List<Scenario.Run> runs = Scenario.runs(first);
        Instant end = load.phaseStart(first + Scenario.RUN_PHASES);
        say("recording " + runs.size() + " runs of " + Scenario.BUSY_ON_A + " and " + Scenario.BUSY_ON_B + " on both systems, until "
                + Math.max(0, Duration.between(Instant.now(), end).toSeconds()) + " s from now");
        analyzer.awaitReady(Duration.ofSeconds(180));
        Sleep.until(end.plus(Scenario.SCRAPE_INTERVAL.multipliedBy(2))); // the last run's end has been scraped
        new RunRecorder(analyzer.baseUrl(), token, load).record(runs, Duration.ofSeconds(90));
    }

    private ServiceProcess.Builder analyzer(int port, int prometheusPort) {
        token = newToken();
        try {
            Files.writeString(tokenFile(), token + " demo\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess.Builder builder = ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer"))
                .workDir(directory("analyzer"))
                .port(port)
                .jvmArg("-Xmx256m")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                // no QUARKUS_DATASOURCE_JDBC_URL: the analyzer starts its own PostgreSQL, here in the demo's directory
                .env("ENERGY_ANALYZER_EMBEDDED_POSTGRES_DIRECTORY", work.resolve("postgresql").toString())
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "false")
                // writes (POST /v1/runs) take a token; the demo's is a random one in its directory
                .env("ENERGY_ANALYZER_AUTH_TOKEN_FILE", tokenFile().toString())
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort)
                .env("ENERGY_ANALYZER_PROMETHEUS_SCRAPE_INTERVAL", Scenario.SCRAPE_INTERVAL.toSeconds() + "s")
                .env("ENERGY_ANALYZER_PROFILES_STEP", Scenario.SCRAPE_INTERVAL.toSeconds() + "s")
                .env("ENERGY_ANALYZER_PROFILES_SETTLE", "2s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_INITIAL", "1s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_MAX", "4s")
                .env("ENERGY_ANALYZER_PROFILES_POLL_INTERVAL", "1s");
        for (String system : List.of(Scenario.SYSTEM_A, Scenario.SYSTEM_B)) {
            builder.jvmArg("-Denergy-analyzer.systems.members." + system + "=" + String.join(",", Scenario.nodesOf(system)));
        }
        return builder;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** {@code GET /v1/placement?program=...}: the systems ranked for {@code program}. */
    JsonNode placement(String program) {
        Http.Response response = Http.get(analyzer.baseUrl() + "/v1/placement?program=" + program, "application/json");
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void say(String text) {
        out.println("==> " + text);
    }

    /** What each process printed, for a demo that could not start. */
    String logs() {
        StringBuilder text = new StringBuilder();
        if (analyzer != null) {
            text.append("--- energy-analyzer\n").append(tail(analyzer.output()));
        }
        for (int i = 0; i < exporters.size(); i++) {
            if (!exporters.get(i).alive()) {
                text.append("--- msr-exporter of ").append(Scenario.NODES.get(i).name()).append('\n').append(tail(exporters.get(i).output()));
            }
        }
        return text.toString();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    }

    /** Stops every process at once (the analyzer stops its PostgreSQL), then removes the work directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> running = new ArrayList<>(exporters);
        running.add(analyzer);
        running.add(prometheus);
        running.add(load);
        CompletableFuture.allOf(running.stream().filter(r -> r != null).map(r -> CompletableFuture.runAsync(() -> {
            try {
                r.close();
            } catch (Exception e) {
                // the others still stop
            }
        })).toArray(CompletableFuture[]::new)).join();
        Directories.deleteTree(work);
    }
}
