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
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration IDLE = Duration.ofSeconds(3);

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
            List<String> results = new ArrayList<>();
            String nullBinary = System.getProperty("bench.null-extender", "");
            try (ServiceProcess extender = startExtender(plane); NullExtender nullExtender = nullBinary.isEmpty() ? null : NullExtender.start(nullBinary)) {
                Bench bench = new Bench(plane, clients, extender, nullExtender, pods, qps);
                for (int size : sizes) {
                    long start = System.nanoTime();
                    bench.created = addNodes(plane, clients, bench.created, size);
                    System.out.printf("%d nodes ready in %.0f s%n", size, (System.nanoTime() - start) / 1e9);
                    extender.awaitReady(Duration.ofMinutes(2));
                    if (size == sizes.get(0)) {
                        // the extender runs for months: its JIT's first minutes are not what kube-scheduler sees
                        bench.run(Math.min(pods, 1000), Arm.WITH, "warm-up (not counted)", size, false);
                    }
                    Run[] without = new Run[rounds];
                    Run[] with = new Run[rounds];
                    Run[] withNull = new Run[rounds];
                    for (int round = 0; round < rounds; round++) {
                        without[round] = bench.run(pods, Arm.WITHOUT, "without extender", size, round == 0);
                        with[round] = bench.run(pods, Arm.WITH, "with extender", size, round == 0);
                        if (nullExtender != null) {
                            withNull[round] = bench.run(pods, Arm.NULL, "null extender", size, round == 0);
                        }
                    }
                    Run meanWithout = Run.mean(without);
                    Run meanWith = Run.mean(with);
                    results.add(String.format(Locale.ROOT, "%6d nodes  %8.1f pods/s without extender  %8.1f pods/s with extender  "
                            + "ratio %.3f  (cost %.1f %%)%n               CPU ms per pod without: %s%n               CPU ms per pod with:    %s"
                            + "%n               CPU per pod, all processes, with / without: %.2f", size, meanWithout.rate, meanWith.rate,
                            meanWith.rate / meanWithout.rate, 100 * (1 - meanWith.rate / meanWithout.rate), meanWithout.cpu(),
                            meanWith.cpu(), meanWith.total() / meanWithout.total()));
                    if (nullExtender != null) {
                        Run meanNull = Run.mean(withNull);
                        results.add(String.format(Locale.ROOT, "%6d nodes  %8.1f pods/s with the null extender (filter and prioritize "
                                + "answered from the request, no bind): ratio %.3f%n               CPU ms per pod null:    %s", size,
                                meanNull.rate, meanNull.rate / meanWithout.rate, meanNull.cpu()));
                    }
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
                .env("JAVA_TOOL_OPTIONS", "-Xmx512m" + (System.getProperty("bench.profile", "").isEmpty() ? ""
                        : " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + Path.of(System.getProperty("bench.profile"), "extender.jfr").toAbsolutePath()))
                .kubeconfig(plane.serviceAccountKubeconfig("escheduler", "scheduler-extender"))
                .start();
    }

    /** Which extenders kube-scheduler calls in a run. */
    private enum Arm {
        /** none: the repository's configuration without its {@code extenders:} section */
        WITHOUT,
        /** the repository's configuration: the scheduler-extender's filter, prioritize and bind */
        WITH,
        /** one extender entry, filter and prioritize, at the null extender (benchmarks/kube-scheduler/null-extender) */
        NULL
    }

    /** The repository's second-scheduler configuration, its client rate raised to {@code qps}, with {@code arm}'s extenders. */
    private static String configuration(KubeControlPlane plane, String extenderUrl, Arm arm, int qps) {
        Path kubeconfig = plane.serviceAccountKubeconfig("escheduler", "energy-scheduler");
        String text = SchedulerConfigs.SECOND_SCHEDULER.forTest(extenderUrl, kubeconfig);
        text = SchedulerConfigs.replace(text, "  kubeconfig: " + kubeconfig + "\n",
                "  kubeconfig: " + kubeconfig + "\n  qps: " + qps + "\n  burst: " + qps + "\n");
        if (arm == Arm.WITH) {
            return text;
        }
        text = text.substring(0, text.indexOf("extenders:"));
        if (arm == Arm.NULL) {
            text += "extenders:\n  - urlPrefix: " + extenderUrl + "\n    filterVerb: filter\n    prioritizeVerb: prioritize\n"
                    + "    weight: 5\n    nodeCacheCapable: true\n    ignorable: true\n    httpTimeout: 3s\n    enableHTTPS: false\n";
        }
        return text;
    }

    /** The null extender (a Go binary built by run.sh) on a free loopback port. */
    private record NullExtender(Process process, String url) implements AutoCloseable {

        static NullExtender start(String binary) throws Exception {
            int port = io.escheduler.testing.Ports.free();
            Process process = new ProcessBuilder(binary, "-listen", "127.0.0.1:" + port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String url = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    return new NullExtender(process, url);
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        process.destroyForcibly();
                        throw new IllegalStateException("the null extender " + binary + " did not start", e);
                    }
                    Thread.sleep(100);
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
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

    /** One run's rate and the CPU time per pod of each process over it (ms). */
    private record Run(double rate, double scheduler, double extender, double apiserver, double etcd) {

        static Run mean(Run[] runs) {
            double[] sums = new double[5];
            for (Run run : runs) {
                sums[0] += run.rate;
                sums[1] += run.scheduler;
                sums[2] += run.extender;
                sums[3] += run.apiserver;
                sums[4] += run.etcd;
            }
            int n = runs.length;
            return new Run(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n);
        }

        double total() {
            return scheduler + extender + apiserver + etcd;
        }

        String cpu() {
            return String.format(Locale.ROOT, "kube-scheduler %.2f  extender %.2f  kube-apiserver %.2f  etcd %.2f  total %.2f",
                    scheduler, extender, apiserver, etcd, total());
        }
    }

    /** The runs of one control plane and extender. */
    private static final class Bench {

        private final KubeControlPlane plane;
        private final ExecutorService clients;
        private final ServiceProcess extender;
        private final NullExtender nullExtender;
        private final int pods;
        private final int qps;
        private final Path profiles;
        private int created;

        Bench(KubeControlPlane plane, ExecutorService clients, ServiceProcess extender, NullExtender nullExtender, int pods, int qps) {
            this.plane = plane;
            this.clients = clients;
            this.extender = extender;
            this.nullExtender = nullExtender;
            this.pods = pods;
            this.qps = qps;
            String dir = System.getProperty("bench.profile", "");
            this.profiles = dir.isEmpty() ? null : Path.of(dir);
        }

        /**
         * Creates {@code count} pending pods, starts kube-scheduler and measures the rate at which it schedules them, and
         * the CPU time of kube-scheduler, the extender, kube-apiserver and etcd from kube-scheduler's start to the last
         * pod scheduled; with {@code profile} (and {@code bench.profile} set), a CPU profile of kube-scheduler too.
         */
        Run run(int count, Arm arm, String label, int size, boolean profile) throws Exception {
            boolean withExtender = arm == Arm.WITH;
            // the extender column is the null extender's in its arm
            long extenderPid = arm == Arm.NULL ? nullExtender.process().pid() : extender.pid();
            String extenderUrl = arm == Arm.NULL ? nullExtender.url() : extender.baseUrl();
            KubeApi admin = plane.admin();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "p-" + i;
                done.add(clients.submit(() -> admin.create("api/v1/namespaces/" + NAMESPACE + "/pods",
                        KubeObjects.pod(NAMESPACE, name, "energy-scheduler", "100m", Map.of("app", "bench"))).orThrow("create " + name)));
            }
            for (Future<?> future : done) {
                future.get();
            }
            Map<String, double[]> timesBefore = verbTimes(extender);
            String token = plane.staticToken(KubeControlPlane.ADMIN_USER);
            // what the extender, kube-apiserver and etcd spend per second with nothing scheduling (watch bookkeeping,
            // the API server's own loops): subtracted from each run's figure, which would otherwise charge the slower
            // arm more of it per pod
            long[] idleBefore = {0, cpuMillis(extenderPid), cpuMillis(plane.apiserverPid()), cpuMillis(plane.etcdPid())};
            long idleStart = System.nanoTime();
            Thread.sleep(IDLE.toMillis());
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            long[] before = {0, cpuMillis(extenderPid), cpuMillis(plane.apiserverPid()), cpuMillis(plane.etcdPid())};
            double[] idlePerSecond = new double[4];
            for (int i = 1; i < 4; i++) {
                idlePerSecond[i] = (before[i] - idleBefore[i]) / idleSeconds;
            }
            long runStart = System.nanoTime();
            Run result;
            try (KubeScheduler scheduler = plane.startScheduler("bench-scheduler", configuration(plane, extenderUrl, arm, qps),
                    plane.serviceAccountKubeconfig("escheduler", "energy-scheduler"))) {
                Future<?> pprof = null;
                double first = 0;
                long firstAt = 0;
                double scheduled;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                do {
                    // each read of /metrics costs kube-scheduler about 3 ms of CPU: at 20 a second that was charged
                    // to the slower arm more per pod
                    Thread.sleep(POLL.toMillis());
                    scheduled = scheduler.metric("scheduler_schedule_attempts_total", "result=\"scheduled\"", token);
                    if (firstAt == 0 && scheduled > 0) {
                        first = scheduled;
                        firstAt = System.nanoTime();
                        if (profile && profiles != null) {
                            Path file = profiles.resolve(String.format(Locale.ROOT, "kube-scheduler-%d-%s.pprof", size,
                                    arm.name().toLowerCase(Locale.ROOT)));
                            int seconds = Integer.getInteger("bench.profile.seconds", 8);
                            pprof = clients.submit(() -> Files.write(file, scheduler.get("/debug/pprof/profile?seconds=" + seconds,
                                    token, Duration.ofSeconds(seconds + 30))));
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(label + ": only " + scheduled + " of " + count + " pods scheduled in 10 minutes\n"
                                + scheduler.log());
                    }
                } while (scheduled < count);
                double rate = (scheduled - first) / ((System.nanoTime() - firstAt) / 1e9);
                double seconds = (System.nanoTime() - runStart) / 1e9;
                long[] after = {cpuMillis(scheduler.pid()), cpuMillis(extenderPid), cpuMillis(plane.apiserverPid()),
                        cpuMillis(plane.etcdPid())};
                double[] perPod = new double[4];
                perPod[0] = (double) after[0] / count;
                for (int i = 1; i < 4; i++) {
                    perPod[i] = Math.max(0, after[i] - before[i] - idlePerSecond[i] * seconds) / count;
                }
                result = new Run(rate, perPod[0], perPod[1], perPod[2], perPod[3]);
                if (pprof != null) {
                    try {
                        pprof.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        System.out.println("         no CPU profile: " + e.getCause().getMessage());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%6d nodes  %-21s %8.1f pods/s   load %s%n               CPU ms per pod: %s%n"
                    + "               (less each one's idle CPU: extender %.0f, kube-apiserver %.0f, etcd %.0f ms per s)%n", size, label,
                    result.rate, uptime(), result.cpu(), idlePerSecond[1], idlePerSecond[2], idlePerSecond[3]);
            if (withExtender) {
                Map<String, double[]> timesAfter = verbTimes(extender);
                StringBuilder means = new StringBuilder("               the extender's mean time per call:");
                for (String verb : List.of("filter", "prioritize", "bind")) {
                    double calls = timesAfter.get(verb)[1] - timesBefore.get(verb)[1];
                    means.append(String.format(Locale.ROOT, "  %s %.2f ms", verb,
                            calls == 0 ? 0 : 1000 * (timesAfter.get(verb)[0] - timesBefore.get(verb)[0]) / calls));
                }
                System.out.println(means);
            }
            admin.request("DELETE", "api/v1/namespaces/" + NAMESPACE + "/pods?gracePeriodSeconds=0", null, null).orThrow("delete the pods");
            while (!admin.list("api/v1/namespaces/" + NAMESPACE + "/pods?limit=1").isEmpty()) {
                Thread.sleep(200);
            }
            return result;
        }
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
