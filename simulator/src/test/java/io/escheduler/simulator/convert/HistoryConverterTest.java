package io.escheduler.simulator.convert;

import io.escheduler.simulator.cli.Main;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.TraceFile;
import io.escheduler.simulator.workload.Workload;
import io.escheduler.testing.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The converter against a real Prometheus (Debian's server) whose storage holds a fixture cluster's history: the series
 * kube-state-metrics and cAdvisor would have exported for two hours, written as OpenMetrics and turned into TSDB blocks
 * by {@code promtool tsdb create-blocks-from openmetrics} (Prometheus' own backfill) before the server starts.
 *
 * <p>The fixture: {@code web/front-1} (ReplicaSet, 500m, 1 GiB) lives throughout and uses 200m for the first hour, 400m
 * for the second; {@code batch/job-1} (Job, 2 CPUs, program {@code lulesh}) is created 30 min in, starts a minute later,
 * completes 40 min after that and uses 1.5 CPUs; {@code web/old-1} (ReplicaSet, 250m) is deleted after 60 min; a
 * DaemonSet pod is left out of the trace.
 */
class HistoryConverterTest {

    private static final long STEP = 60;
    private static Path work;
    private static PrometheusServer prometheus;
    private static long t0;

    @BeforeAll
    static void startPrometheus(@TempDir Path dir) throws Exception {
        work = dir;
        t0 = (Instant.now().getEpochSecond() / 3600 - 4) * 3600;
        Path metrics = dir.resolve("history.om");
        Files.writeString(metrics, openMetrics());
        Process promtool = new ProcessBuilder(promtool(), "tsdb", "create-blocks-from", "openmetrics", metrics.toString(),
                dir.resolve("prometheus").resolve("data").toString()).redirectErrorStream(true).start();
        String log = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(log).isZero();
        prometheus = PrometheusServer.start(dir.resolve("prometheus"), List.of(), Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void theHistoryBecomesATraceTheSimulatorReads() throws IOException {
        Path trace = work.resolve("last-week.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"convert", "--prometheus", prometheus.baseUrl(), "--start", Instant.ofEpochSecond(t0).toString(),
                "--end", Instant.ofEpochSecond(t0 + 7200).toString(), "--step", "60s", "--rate-window", "2m", "--out", trace.toString()},
                new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote 3 pods");

        Workload w = TraceFile.read(trace);
        Map<String, PodSpec> pods = w.pods().stream().collect(Collectors.toMap(PodSpec::key, Function.identity()));
        assertThat(pods).containsOnlyKeys("web/front-1", "batch/job-1", "web/old-1");

        PodSpec front = pods.get("web/front-1");
        assertThat(front.owner()).isEqualTo(Owner.REPLICA_SET);
        assertThat(front.arrivalMillis()).isZero();
        assertThat(front.cpuRequestMillis()).isEqualTo(500);
        assertThat(front.memoryRequestMiB()).isEqualTo(1024);
        assertThat(front.durationMillis()).as("alive to the end").isEqualTo(-1);
        assertThat(front.usage().millicores(1_800_000)).isCloseTo(200, within(1.0));
        assertThat(front.usage().millicores(5_400_000)).isCloseTo(400, within(1.0));

        PodSpec job = pods.get("batch/job-1");
        assertThat(job.owner()).isEqualTo(Owner.JOB);
        assertThat(job.arrivalMillis()).isEqualTo(1_800_000);
        assertThat(job.durationMillis()).as("start to completion").isEqualTo(2_400_000);
        assertThat(job.program()).isEqualTo("lulesh");
        assertThat(job.usage().millicores(3_000_000)).isCloseTo(1500, within(1.0));

        PodSpec old = pods.get("web/old-1");
        assertThat(old.durationMillis()).as("deleted after an hour").isBetween(3_540_000L, 3_660_000L);
    }

    @Test
    void aPrometheusThatDoesNotAnswerIsNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"convert", "--prometheus", "http://127.0.0.1:9", "--start", "2026-01-01T00:00:00Z", "--end",
                "2026-01-01T01:00:00Z", "--out", work.resolve("x.csv").toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Prometheus at http://127.0.0.1:9 does not answer");
    }

    /** The fixture's series, every 60 s over two hours (OpenMetrics, timestamps in seconds). */
    private static String openMetrics() {
        StringBuilder om = new StringBuilder();
        family(om, "kube_pod_created", t -> Arrays.asList(
                sample("{namespace=\"web\",pod=\"front-1\"}", t0 - 86_400),
                t < t0 + 1800 ? null : sample("{namespace=\"batch\",pod=\"job-1\"}", t0 + 1800),
                t >= t0 + 3600 ? null : sample("{namespace=\"web\",pod=\"old-1\"}", t0 - 3600),
                sample("{namespace=\"kube-system\",pod=\"exporter-x\"}", t0 - 86_400)));
        family(om, "kube_pod_owner", t -> Arrays.asList(
                sample("{namespace=\"web\",pod=\"front-1\",owner_kind=\"ReplicaSet\",owner_name=\"front-7d9f\"}", 1),
                t < t0 + 1800 ? null : sample("{namespace=\"batch\",pod=\"job-1\",owner_kind=\"Job\",owner_name=\"job\"}", 1),
                t >= t0 + 3600 ? null : sample("{namespace=\"web\",pod=\"old-1\",owner_kind=\"ReplicaSet\",owner_name=\"old-5c\"}", 1),
                sample("{namespace=\"kube-system\",pod=\"exporter-x\",owner_kind=\"DaemonSet\",owner_name=\"exporter\"}", 1)));
        family(om, "kube_pod_container_resource_requests", t -> Arrays.asList(
                sample("{namespace=\"web\",pod=\"front-1\",container=\"app\",resource=\"cpu\",unit=\"core\"}", 0.5),
                sample("{namespace=\"web\",pod=\"front-1\",container=\"app\",resource=\"memory\",unit=\"byte\"}", 1073741824),
                t < t0 + 1800 ? null : sample("{namespace=\"batch\",pod=\"job-1\",container=\"main\",resource=\"cpu\",unit=\"core\"}", 2),
                t < t0 + 1800 ? null : sample("{namespace=\"batch\",pod=\"job-1\",container=\"main\",resource=\"memory\",unit=\"byte\"}", 4294967296.0),
                t >= t0 + 3600 ? null : sample("{namespace=\"web\",pod=\"old-1\",container=\"app\",resource=\"cpu\",unit=\"core\"}", 0.25)));
        family(om, "kube_pod_start_time", t -> Arrays.asList(
                t < t0 + 1860 ? null : sample("{namespace=\"batch\",pod=\"job-1\"}", t0 + 1860)));
        family(om, "kube_pod_completion_time", t -> Arrays.asList(
                t < t0 + 4260 ? null : sample("{namespace=\"batch\",pod=\"job-1\"}", t0 + 4260)));
        family(om, "kube_pod_labels", t -> Arrays.asList(
                t < t0 + 1800 ? null : sample("{namespace=\"batch\",pod=\"job-1\",label_energy_escheduler_io_program=\"lulesh\"}", 1)));
        family(om, "container_cpu_usage_seconds_total", t -> Arrays.asList(
                sample("{namespace=\"web\",pod=\"front-1\",container=\"app\"}", t < t0 + 3600 ? 0.2 * (t - t0) : 720 + 0.4 * (t - t0 - 3600)),
                t < t0 + 1860 || t > t0 + 4260 ? null : sample("{namespace=\"batch\",pod=\"job-1\",container=\"main\"}", 1.5 * (t - t0 - 1860)),
                t >= t0 + 3600 ? null : sample("{namespace=\"web\",pod=\"old-1\",container=\"app\"}", 0.1 * (t - t0))));
        return om.append("# EOF\n").toString();
    }

    private record Sample(String labels, double value) {
    }

    private static Sample sample(String labels, double value) {
        return new Sample(labels, value);
    }

    private static void family(StringBuilder om, String name, Function<Long, List<Sample>> at) {
        om.append("# TYPE ").append(name).append(" gauge\n");
        // OpenMetrics wants each series' samples together, in time order
        Map<String, StringBuilder> series = new java.util.LinkedHashMap<>();
        for (long t = t0; t <= t0 + 7200; t += STEP) {
            for (Sample s : at.apply(t)) {
                if (s != null) {
                    series.computeIfAbsent(s.labels(), k -> new StringBuilder())
                            .append(name).append(s.labels()).append(' ').append(s.value()).append(' ').append(t).append('\n');
                }
            }
        }
        series.values().forEach(om::append);
    }

    private static String promtool() {
        Path next = PrometheusServer.binary().resolveSibling("promtool");
        return Files.isExecutable(next) ? next.toString() : "promtool";
    }
}
