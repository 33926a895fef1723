package io.escheduler.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./demo.sh} after its build: starts the {@link DemoStack}, prints where to look, and runs until Ctrl-C (SIGINT)
 * or SIGTERM, when it stops everything it started and removes its work directory. Needs no terminal.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Instant began = startedAt();
        Path work = Files.createTempDirectory("escheduler-demo-");
        // as root the analyzer runs its PostgreSQL as the postgres user, who must reach the directory
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        DemoStack stack = new DemoStack(work, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("==> stopping the demo");
            stack.close();
            System.out.println("Stopped everything the demo started, and removed " + work + ".");
        }, "demo-stop"));
        System.out.println("==> working in " + work + " (removed when the demo stops)");
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("The demo could not start: " + e.getMessage());
            System.err.println(stack.logs());
            System.exit(1);
        }
        System.out.println(ready(stack, Duration.between(began, Instant.now())));
        new CountDownLatch(1).await(); // until a signal ends the JVM, which runs the shutdown hook
    }

    /** When ./demo.sh started (it passes DEMO_STARTED_AT, epoch seconds), else when this JVM did. */
    private static Instant startedAt() {
        String given = System.getenv("DEMO_STARTED_AT");
        if (given != null && given.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(given));
        }
        return Instant.ofEpochMilli(ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis()));
    }

    static String ready(DemoStack stack, Duration took) {
        String analyzer = stack.analyzerUrl();
        StringBuilder text = new StringBuilder("\nThe EScheduler demo is ready (" + took.toSeconds() + " s after ./demo.sh started).\n\n");
        text.append("  report page   ").append(analyzer).append("/report?program=").append(Scenario.BUSY_ON_A)
                .append("&program=").append(Scenario.BUSY_ON_B).append('\n');
        for (String program : List.of(Scenario.BUSY_ON_A, Scenario.BUSY_ON_B)) {
            JsonNode first = stack.placement(program).path("ranking").path(0);
            text.append("  placement     ").append(analyzer).append("/v1/placement?program=").append(program)
                    .append("   (run it on ").append(first.path("system").asText()).append(": ").append(first.path("reason").asText()).append(")\n");
        }
        text.append("  Prometheus    ").append(stack.prometheusUrl()).append("/graph?").append(graph()).append('\n');
        text.append("  runs          ").append(analyzer).append("/v1/reports?program=").append(Scenario.BUSY_ON_A)
                .append("&program=").append(Scenario.BUSY_ON_B).append("   (also as text: curl -H 'Accept: text/plain' ...)\n\n");
        text.append("  more runs     curl -X POST -H \"Authorization: Bearer $(cut -d' ' -f1 ").append(stack.tokenFile())
                .append(")\" -H 'Content-Type: application/json' ").append(analyzer).append("/v1/runs -d '{...}'\n\n");
        text.append("Nodes ").append(String.join(", ", Scenario.NODES.stream().map(Scenario.Node::name).toList()))
                .append(" keep drawing power that follows their load. Press Ctrl-C to stop everything.");
        return text.toString();
    }

    /** Prometheus's graph page with each node's power and CPU utilisation over the last five minutes. */
    private static String graph() {
        String power = "sum by (node) (rate(rapl_energy_joules_total[5s]))";
        String busy = "sum by (node) (rate(cpu_seconds_total{mode=\"busy\"}[5s])) / sum by (node) (rate(cpu_seconds_total[5s]))";
        return "g0.expr=" + URLEncoder.encode(power, StandardCharsets.UTF_8) + "&g0.tab=0&g0.range_input=5m"
                + "&g1.expr=" + URLEncoder.encode(busy, StandardCharsets.UTF_8) + "&g1.tab=0&g1.range_input=5m";
    }
}
