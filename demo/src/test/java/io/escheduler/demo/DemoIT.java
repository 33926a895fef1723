package io.escheduler.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.HeadlessChromium;
import io.escheduler.testing.Http;
import io.escheduler.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./demo.sh} as a person runs it, but headless: no terminal, its own session (as a terminal gives it), the jars
 * of this build ({@code --no-build}). The report page shows both programs on both systems, placement sends each where
 * it drew less, and SIGINT to its process group (what Ctrl-C sends) stops every process it started, the analyzer's
 * PostgreSQL included, frees every port and removes its work directory.
 */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target", "demo").toAbsolutePath();
    private static final Duration READY = Duration.ofMinutes(4);

    private Process demo;
    private Path log;

    @Test
    void showsTheProgramsAndStopsEverythingOnCtrlC() throws Exception {
        Files.createDirectories(OUT);
        log = OUT.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder("setsid", "./demo.sh", "--no-build").directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("LD_PRELOAD");
        builder.environment().remove("MSR_FIXTURE_ROOT");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Instant started = Instant.now();
        demo = builder.start();
        String output = awaitOutput("Press Ctrl-C to stop everything.");
        System.out.println("demo ready after " + Duration.between(started, Instant.now()).toSeconds() + " s");

        String report = find(output, "report page\\s+(\\S+)");
        String analyzer = report.substring(0, report.indexOf("/report"));
        String prometheus = find(output, "Prometheus\\s+(http://[^/]+)");
        Path work = Path.of(find(output, "==> working in (\\S+)"));
        for (String program : List.of(Scenario.BUSY_ON_A, Scenario.BUSY_ON_B)) {
            JsonNode ranking = JSON.readTree(Http.get(analyzer + "/v1/placement?program=" + program, "application/json").body()).path("ranking");
            assertThat(ranking.path(0).path("system").asText()).as("%s: %s", program, ranking).isEqualTo(Scenario.expectedPlacement(program));
        }
        // the printed command's token records more runs; without it the analyzer refuses
        String token = Files.readString(Path.of(find(output, "more runs .*cut -d' ' -f1 (\\S+)\\)"))).split("\\s+")[0];
        Instant end = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String run = "{\"program\": \"lulesh\", \"system\": \"" + Scenario.SYSTEM_A + "\", \"start\": \"" + end.minusSeconds(20)
                + "\", \"end\": \"" + end + "\"}";
        assertThat(Http.send("POST", analyzer + "/v1/runs", null, run).status()).isEqualTo(401);
        Http.Response recorded = Http.send("POST", analyzer + "/v1/runs", token, run);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        try (HeadlessChromium chromium = HeadlessChromium.start(OUT.resolve("chromium"), 1280, 1600)) {
            chromium.navigate(report);
            chromium.waitUntil("document.body && document.body.dataset.state === 'ready'", Duration.ofSeconds(90));
            String table = chromium.evaluate("document.getElementById('summary').innerText").asText();
            chromium.screenshot(OUT.resolve("report.png"));
            assertThat(table).contains(Scenario.BUSY_ON_A, Scenario.BUSY_ON_B, Scenario.SYSTEM_A, Scenario.SYSTEM_B);
            assertThat(chromium.problems()).isEmpty();
        }

        // what it started, before it stops: its processes, the analyzer's PostgreSQL (a daemon of its own) and the ports
        List<Long> processes = new ArrayList<>(demo.descendants().map(ProcessHandle::pid).toList());
        List<String> postmaster = Files.readAllLines(work.resolve("postgresql/data/postmaster.pid"));
        processes.add(Long.parseLong(postmaster.get(0).strip()));
        List<Integer> ports = new ArrayList<>(List.of(URI.create(analyzer).getPort(), URI.create(prometheus).getPort(),
                Integer.parseInt(postmaster.get(3).strip())));
        for (JsonNode target : JSON.readTree(Http.get(prometheus + "/api/v1/targets").body()).path("data").path("activeTargets")) {
            ports.add(URI.create("http://" + target.path("labels").path("instance").asText()).getPort());
        }
        assertThat(processes).hasSizeGreaterThanOrEqualTo(7); // four exporters, the analyzer, Prometheus, PostgreSQL
        assertThat(ports).hasSize(3 + Scenario.NODES.size() + 1);

        Instant interrupted = Instant.now();
        signalGroup("INT");
        assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("the demo stops on SIGINT:\n%s", read()).isTrue();
        System.out.println("demo stopped " + Duration.between(interrupted, Instant.now()).toMillis() + " ms after SIGINT");
        assertThat(demo.exitValue()).isEqualTo(130);
        assertThat(read()).contains("Stopped everything the demo started");
        assertThat(processes.stream().filter(Processes::running).toList()).as("processes left running").isEmpty();
        assertThat(ports.stream().filter(DemoIT::listening).toList()).as("ports left open").isEmpty();
        assertThat(work).doesNotExist();
    }

    private String awaitOutput(String line) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            String output = read();
            if (output.contains(line)) {
                return output;
            }
            if (!demo.isAlive()) {
                throw new AssertionError("the demo exited with " + demo.exitValue() + " before it was ready:\n" + output);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the demo was not ready within " + READY + ":\n" + read());
    }

    private String read() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String find(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertThat(matcher.find()).as("'%s' in the demo's output:\n%s", regex, output).isTrue();
        return matcher.group(1);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A signal to the demo's process group: setsid made the demo a group leader, as a terminal's shell does. */
    private void signalGroup(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + demo.pid()).inheritIO().start().waitFor();
    }

    @AfterEach
    void stopWhatIsLeft() throws IOException, InterruptedException {
        if (demo != null && demo.isAlive()) {
            signalGroup("TERM");
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                signalGroup("KILL");
            }
        }
        Optional.ofNullable(log).ifPresent(l -> System.out.println("the demo's output: " + l));
    }
}
