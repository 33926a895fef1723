package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.ServiceProcess;
import io.escheduler.testing.kube.KubeApi;
import io.escheduler.testing.kube.KubeControlPlane;
import io.escheduler.testing.kube.KubeObjects;
import io.escheduler.testing.kube.KubeScheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * kube-scheduler's own view of the extender (benchmarks/kube-scheduler/run.sh, see its README): how many pods per second
 * kube-scheduler places at each cluster size, with the repository's second-scheduler configuration (the packaged
 * extender's filter, prioritize and bind in the loop) and with the same configuration without its extenders, side by
 * side on one control plane, alternating the two. Goal: the extender costs kube-scheduler less than 10 % of its
 * throughput.
 *
 * <p>Arguments: {@code <nodes>...} (default 1000 5000). System properties: {@code bench.pods} (pods per run, default
 * 2000), {@code bench.rounds} (default 2), {@code bench.qps} (kube-scheduler's client QPS and burst, default 1000:
 * at the shipped default of 50, binding through kube-scheduler's own client is capped at 50 pods/s while the extender's
 * bind is not, which would flatter the extender).
 */
public final class SchedulerThroughputBenchmark {

    private static final String NAMESPACE = "bench";

    private SchedulerThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 5000);
        }
        int pods = Integer.getInteger("bench.pods", 2000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        int qps = Integer.getInteger("bench.qps", 1000);
        Path workDir = Files.createTempDirectory("kube-scheduler-bench-");
        System.out.printf("host load before: %s%n", uptime());
        try (KubeControlPlane plane = KubeControlPlane.builder(workDir.resolve("control-plane")).controllers(List.of())
                .heartbeats(false).podAgent(false).start()) {
            KubeApi admin = plane.admin();
            ClusterTestbed.applyIdentities(admin);
            admin.apply(KubeObjects.namespace(NAMESPACE));
            ObjectNode account = KubeApi.object().put("apiVersion", "v1").put("kind", "ServiceAccount");
            account.putObject("metadata").put("name", "default").put("namespace", NAMESPACE);
            admin.apply(account);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            int created = 0;
            List<String> results = new ArrayList<>();
            try (ServiceProcess extender = startExtender(plane)) {
                for (int size : sizes) {
                    long start = System.nanoTime();
                    created = addNodes(plane, clients, created, size);
                    System.out.printf("%d nodes ready in %.0f s%n", size, (System.nanoTime() - start) / 1e9);
                    extender.awaitReady(Duration.ofMinutes(2));
                    double[] without = new double[rounds];
                    double[] with = new double[rounds];
                    for (int round = 0; round < rounds; round++) {
                        without[round] = run(plane, clients, pods, configuration(plane, extender, false, qps), "without extender", size);
                        Map<String, double[]> before = verbTimes(extender);
                        long cpuBefore = cpuMillis(extender.pid());
                        with[round] = run(plane, clients, pods, configuration(plane, extender, true, qps), "with extender", size);
                        Map<String, double[]> after = verbTimes(extender);
                        StringBuilder means = new StringBuilder(String.format(Locale.ROOT, "         the extender's CPU: %.2f ms per pod;",
                                (double) (cpuMillis(extender.pid()) - cpuBefore) / pods));
                        means.append(" its mean time per call:");
                        for (String verb : List.of("filter", "prioritize", "bind")) {
                            double count = after.get(verb)[1] - before.get(verb)[1];
                            means.append(String.format(Locale.ROOT, "  %s %.2f ms", verb,
                                    count == 0 ? 0 : 1000 * (after.get(verb)[0] - before.get(verb)[0]) / count));
                        }
                        System.out.println(means);
                    }
                    double sumWithout = 0;
                    double sumWith = 0;
                    for (int round = 0; round < rounds; round++) {
                        sumWithout += without[round];
                        sumWith += with[round];
                    }
                    results.add(String.format(Locale.ROOT, "%6d nodes  %8.1f pods/s without extender  %8.1f pods/s with extender  "
                            + "ratio %.3f  (cost %.1f %%)", size, sumWithout / rounds, sumWith / rounds, sumWith / sumWithout,
                            100 * (1 - sumWith / sumWithout)));
                }
            } finally {
                clients.shutdownNow();
            }
            System.out.println();
            System.out.printf("kube-scheduler throughput, %d pods per run, %d rounds alternating, client qps %d%n", pods, rounds, qps);
            results.forEach(System.out::println);
        }
        System.out.printf("host load after: %s%n", uptime());
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static ServiceProcess startExtender(KubeControlPlane plane) {
        int port = io.escheduler.testing.Ports.free();
        return ServiceProcess.builder(ServiceProcess.quarkusJar("scheduler-extender"))
                .workDir(plane.workDir()).port(port)
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("SCHEDULER_EXTENDER_ANALYZER_URL", "http://127.0.0.1:9")
                .env("SCHEDULER_EXTENDER_ACTUATOR_TOKEN_FILE", plane.tokenFile("escheduler", "scheduler-extender", "node-actuator").toString())
                .env("JAVA_TOOL_OPTIONS", "-Xmx512m")
                .kubeconfig(plane.serviceAccountKubeconfig("escheduler", "scheduler-extender"))
                .start();
    }

    /** The repository's second-scheduler configuration, its client rate raised to {@code qps}; without extenders when asked. */
    private static String configuration(KubeControlPlane plane, ServiceProcess extender, boolean withExtender, int qps) {
        Path kubeconfig = plane.serviceAccountKubeconfig("escheduler", "energy-scheduler");
        String text = SchedulerConfigs.SECOND_SCHEDULER.forTest(extender.baseUrl(), kubeconfig);
        text = SchedulerConfigs.replace(text, "  kubeconfig: " + kubeconfig + "\n",
                "  kubeconfig: " + kubeconfig + "\n  qps: " + qps + "\n  burst: " + qps + "\n");
        if (!withExtender) {
            text = text.substring(0, text.indexOf("extenders:"));
        }
        return text;
    }

    private static int addNodes(KubeControlPlane plane, ExecutorService clients, int from, int to) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String name = String.format(Locale.ROOT, "node-%05d", i);
            String system = "rack-" + (i / 40);
            done.add(clients.submit(() -> plane.nodes().add(name, Map.of(ClusterTestbed.SYSTEM_LABEL, system), "32", "128Gi")));
        }
        for (Future<?> future : done) {
            future.get();
        }
        return to;
    }

    /** Creates {@code pods} pending pods, starts kube-scheduler and measures the rate at which it schedules them. */
    private static double run(KubeControlPlane plane, ExecutorService clients, int pods, String configuration, String label, int size)
            throws Exception {
        KubeApi admin = plane.admin();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            String name = "p-" + i;
            done.add(clients.submit(() -> admin.create("api/v1/namespaces/" + NAMESPACE + "/pods",
                    KubeObjects.pod(NAMESPACE, name, "energy-scheduler", "100m", Map.of("app", "bench"))).orThrow("create " + name)));
        }
        for (Future<?> future : done) {
            future.get();
        }
        String token = plane.staticToken(KubeControlPlane.ADMIN_USER);
        double rate;
        double cpu;
        try (KubeScheduler scheduler = plane.startScheduler("bench-scheduler", configuration,
                plane.serviceAccountKubeconfig("escheduler", "energy-scheduler"))) {
            double first = 0;
            long firstAt = 0;
            double scheduled;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            do {
                Thread.sleep(50);
                scheduled = scheduler.metric("scheduler_schedule_attempts_total", "result=\"scheduled\"", token);
                if (firstAt == 0 && scheduled > 0) {
                    first = scheduled;
                    firstAt = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(label + ": only " + scheduled + " of " + pods + " pods scheduled in 10 minutes\n"
                            + scheduler.log());
                }
            } while (scheduled < pods);
            rate = (scheduled - first) / ((System.nanoTime() - firstAt) / 1e9);
            cpu = (double) cpuMillis(scheduler.pid()) / pods;
        }
        System.out.printf(Locale.ROOT, "%6d nodes  %-17s %8.1f pods/s   kube-scheduler's CPU %.2f ms per pod   load %s%n", size, label,
                rate, cpu, uptime());
        admin.request("DELETE", "api/v1/namespaces/" + NAMESPACE + "/pods?gracePeriodSeconds=0", null, null).orThrow("delete the pods");
        while (!admin.list("api/v1/namespaces/" + NAMESPACE + "/pods?limit=1").isEmpty()) {
            Thread.sleep(200);
        }
        return rate;
    }

    /** Per verb, the sum (s) and count of the extender's {@code extender_request_duration_seconds}. */
    private static Map<String, double[]> verbTimes(ServiceProcess extender) {
        Map<String, double[]> times = new java.util.HashMap<>();
        for (String verb : List.of("filter", "prioritize", "bind")) {
            times.put(verb, new double[2]);
        }
        for (String line : io.escheduler.testing.Http.get(extender.baseUrl() + "/metrics").body().split("\n")) {
            for (String verb : List.of("filter", "prioritize", "bind")) {
                if (line.contains("verb=\"" + verb + "\"")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("extender_request_duration_seconds_sum")) {
                        times.get(verb)[0] += value;
                    } else if (line.startsWith("extender_request_duration_seconds_count")) {
                        times.get(verb)[1] += value;
                    }
                }
            }
        }
        return times;
    }

    /** User and system CPU time of a process so far (ms), from /proc. */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state is [0], utime [11], stime [12], in clock ticks (USER_HZ, 100 on Linux)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
