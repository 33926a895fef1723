package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.Directories;
import io.escheduler.testing.FixtureExporter;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.LoadDriver;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.escheduler.testing.Sleep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the dashboards read, for real, filled with data:
 * <ul>
 *   <li>three nodes, each the packaged msr-exporter on its own fixture machine read through powercap, whose counters a
 *   {@link LoadDriver} advances: {@value #NODE_A1} and {@value #NODE_A2} (two-socket Cascade Lake Xeons: package and
 *   DRAM domains) of system {@value #XEON}, {@value #NODE_B} (a Kaby Lake laptop part: package, core, uncore, DRAM,
 *   PSys) of system {@value #LAPTOP}. {@value #NODE_B}'s CPU ceiling is lowered and {@value #NODE_A2}'s package 0
 *   is capped under its TDP, as the actuator would leave them;</li>
 *   <li>a real Prometheus scraping the three exporters, the analyzer and power-manager every second;</li>
 *   <li>a real PostgreSQL, its schemas made by the packaged services' own Flyway migrations at start-up: the runs and
 *   profiles recorded by the packaged energy-analyzer (runs posted to {@code POST /v1/runs}, profiled from
 *   Prometheus), and the policies' audit trail ({@code power_manager.policy_action}) written by the packaged
 *   power-manager's executor;</li>
 *   <li>a Kubernetes API (fabric8's mock server, CRUD mode) that the analyzer watches and power-manager acts on: the
 *   three measured nodes (kept on by {@value #DO_NOT_POWER_OFF}) and three more, {@link #cluster pods} on them and,
 *   once consolidation has acted, one {@link #pendingPod pending}. power-manager holds the Lease of its leader election there (as its single replica does in a cluster),
 *   enforces consolidation and power-on with the {@code exec} power driver (a script that logs its calls,
 *   {@link #powerCalls}), and plans the other policies in dry-run: {@link #EXPECTED_ACTIONS} is what it must do.</li>
 * </ul>
 * Needs the packaged msr-exporter, energy-analyzer and power-manager ({@code ./mvnw package}); the reactor builds them
 * before this module.
 */
final class DashboardStack implements AutoCloseable {

    static final String NODE_A1 = "node-a1";
    static final String NODE_A2 = "node-a2";
    static final String NODE_B = "node-b";
    static final String XEON = "xeon-clx";
    static final String LAPTOP = "kbl-laptop";
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /** How long each power level of the {@link LoadDriver} lasts. */
    static final Duration PHASE = Duration.ofSeconds(6);
    /** The ceiling {@value #NODE_B}'s CPUs are lowered to (kHz), and the cap on {@value #NODE_A2}'s package 0 (W). */
    static final long LOWERED_CEILING_KHZ = 1_200_000;
    static final long CAP_WATTS = 60;
    /** Emptied by consolidation (its pod's eviction admitted) and powered off. */
    static final String NODE_C = "node-c";
    /** Off at the start; powered on for the pending pod, it never becomes Ready. */
    static final String NODE_D = "node-d";
    /** Consolidation's next node: the API server refuses its pod's eviction (a budget), so it stays on. */
    static final String NODE_E = "node-e";
    static final String DO_NOT_POWER_OFF = "energy.escheduler.io/do-not-power-off";
    /** power-manager's Lease (its default {@code leader-election.lease-name}), in the namespace its client uses. */
    static final String LEASE = "apis/coordination.k8s.io/v1/namespaces/" + KubernetesApi.NAMESPACE + "/leases/power-manager";
    /** How long node-d may take to become Ready after its power-on ({@code power-on.boot-timeout}). */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(5);

    /** One row of {@code policy_action}, as far as the scenario decides it. */
    record Audited(String policy, String kind, String node, String outcome) {
    }

    /**
     * What consolidation does to {@link #cluster} while no pod is pending (it empties nothing while one is pending for
     * lack of resources, nor within power-off.grace-period of a power-on), in any order between nodes and in this
     * order on each node: it empties node-c (cordon, eviction admitted, power-off through the exec driver), then tries
     * node-e, whose eviction the API server refuses, so its power-off is skipped and its cordon undone.
     */
    static final List<Audited> CONSOLIDATION_ACTIONS = List.of(
            new Audited("consolidation", "cordon", NODE_C, "done"),
            new Audited("consolidation", "evict", NODE_C, "done"),
            new Audited("consolidation", "power-off", NODE_C, "done"),
            new Audited("consolidation", "cordon", NODE_E, "done"),
            new Audited("consolidation", "evict", NODE_E, "skipped"),
            new Audited("consolidation", "power-off", NODE_E, "skipped"),
            new Audited("consolidation", "uncordon", NODE_E, "done"));

    /**
     * Everything power-manager's executor does (the cooldowns, the pending pod and the power-on keep it from doing
     * anything more while the stack runs): {@link #CONSOLIDATION_ACTIONS}, then power-on switches node-d on for the
     * {@link #pendingPod pending pod}, and reports it failed when it is not Ready within {@link #BOOT_TIMEOUT}.
     */
    static final List<Audited> EXPECTED_ACTIONS = Stream.concat(CONSOLIDATION_ACTIONS.stream(), Stream.of(
            new Audited("power-on", "power-on", NODE_D, "done"),
            new Audited("power-on", "power-on", NODE_D, "failed"))).toList();

    /**
     * power-manager's count of nodes by state ({@code power_manager_policy_nodes}) once {@link #EXPECTED_ACTIONS} are
     * done: node-c powered off and still cordoned; node-b's ceiling lowered and node-a2 capped by their actuators (the
     * annotations). node-d is no longer "powered off" once its power-on failed; node-e's cordon was undone.
     */
    static final Map<String, Double> NODE_STATES = Map.of("powered-off", 1.0, "cordoned", 1.0, "cpufreq-lowered", 1.0,
            "power-capped", 1.0);

    /** A run to post, {@code from}..{@code to} seconds after the runs' epoch. */
    record RunSpec(String program, List<String> nodes, int from, int to) {
    }

    /** Two programs on both systems and one on the Xeons, each run spanning one power phase of the driver. */
    static final List<RunSpec> RUNS = List.of(
            new RunSpec("lulesh", List.of(NODE_A1, NODE_A2), 0, 6),
            new RunSpec("lulesh", List.of(NODE_B), 0, 6),
            new RunSpec("gromacs", List.of(NODE_A1), 6, 12),
            new RunSpec("gromacs", List.of(NODE_B), 6, 12),
            new RunSpec("lulesh", List.of(NODE_A1, NODE_A2), 12, 18),
            new RunSpec("gromacs", List.of(NODE_B), 18, 24),
            new RunSpec("hpl", List.of(NODE_A1, NODE_A2), 18, 24));

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The token the runs are posted with (energy-analyzer.auth.token-file lists it). */
    private static final String RUN_REPORTER_TOKEN = "dashboards-run-reporter-token";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final Map<FixtureMachine, String> nodeNames = new HashMap<>();
    private final Instant startedAt = Instant.now();
    private PostgresServer postgres;
    private PrometheusServer prometheus;
    private ServiceProcess analyzer;
    private int analyzerPort;
    private ServiceProcess manager;
    private int managerPort;
    private KubernetesApi kubernetes;
    private Path powerCalls;

    private DashboardStack() {
    }

    static DashboardStack start() {
        DashboardStack stack = new DashboardStack();
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    Instant startedAt() {
        return startedAt;
    }

    PrometheusServer prometheus() {
        return prometheus;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** The analyzer's base URL, e.g. {@code http://127.0.0.1:41234}. */
    String analyzerUrl() {
        return analyzer.baseUrl();
    }

    /** power-manager's base URL. */
    String managerUrl() {
        return manager.baseUrl();
    }

    KubernetesApi kubernetes() {
        return kubernetes;
    }

    /** The exec power driver's calls, one {@code on|off <node>} per line, as the script logged them. */
    List<String> powerCalls() {
        try {
            return Files.exists(powerCalls) ? Files.readAllLines(powerCalls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit trail as the executor wrote it, in the order of its rows. */
    List<Audited> audited() {
        List<Audited> rows = new ArrayList<>();
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT policy, kind, node, outcome FROM power_manager.policy_action ORDER BY id")) {
            while (result.next()) {
                rows.add(new Audited(result.getString(1), result.getString(2), result.getString(3), result.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read power_manager.policy_action (did power-manager's migrations make it?)", e);
        }
        return rows;
    }

    private void startAll() {
        FixtureMachine a1 = machine("xeon-2s-clx", NODE_A1);
        FixtureMachine a2 = machine("xeon-2s-clx", NODE_A2);
        FixtureMachine b = machine("intel-client-kbl", NODE_B);
        for (int cpu = 0; cpu < b.cpuCount(); cpu++) {
            b.writeFile(b.sysfs().resolve("devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_max_freq"), LOWERED_CEILING_KHZ);
            b.writeFile(b.sysfs().resolve("devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_cur_freq"), LOWERED_CEILING_KHZ);
        }
        a2.writeFile(a2.powercapFile("intel-rapl:0", "constraint_0_power_limit_uw"), CAP_WATTS * 1_000_000);

        resources.add(LoadDriver.start(PHASE, List.of(
                zone(a1, "intel-rapl:0", 60, 120, 90, 150), zone(a1, "intel-rapl:1", 40, 45),
                zone(a1, "intel-rapl:0:0", 8, 12), zone(a1, "intel-rapl:1:0", 6),
                zone(a2, "intel-rapl:0", 55, 60), zone(a2, "intel-rapl:1", 30), zone(a2, "intel-rapl:0:0", 5), zone(a2, "intel-rapl:1:0", 5),
                zone(b, "intel-rapl:0", 12, 25, 8), zone(b, "intel-rapl:0:0", 6, 15, 3), zone(b, "intel-rapl:0:1", 1, 2),
                zone(b, "intel-rapl:0:2", 1.5), zone(b, "intel-rapl:1", 20, 35, 15)), List.of(
                new LoadDriver.Stat(a1.procfs().resolve("stat"), a1.cpuCount(), 0.6),
                new LoadDriver.Stat(a2.procfs().resolve("stat"), a2.cpuCount(), 0.2),
                new LoadDriver.Stat(b.procfs().resolve("stat"), b.cpuCount(), 0.35))));

        postgres = PostgresServer.start(tempDirectory("dashboards-pg-"));
        resources.add(postgres);
        kubernetes = KubernetesApi.start();
        resources.add(kubernetes);
        cluster(kubernetes);
        Path powerScript = powerScript(tempDirectory("dashboards-power-"));

        List<String> targets = new ArrayList<>();
        List<ServiceProcess.Builder> exporters = new ArrayList<>();
        for (FixtureMachine machine : List.of(a1, a2, b)) {
            int port = Ports.free();
            targets.add("127.0.0.1:" + port);
            exporters.add(exporter(machine, port));
        }
        analyzerPort = Ports.free();
        targets.add("127.0.0.1:" + analyzerPort);
        managerPort = Ports.free();
        targets.add("127.0.0.1:" + managerPort);
        prometheus = PrometheusServer.start(tempDirectory("dashboards-prometheus-"), targets, SCRAPE_INTERVAL);
        resources.add(prometheus);

        List<ServiceProcess> running = new ArrayList<>();
        for (ServiceProcess.Builder exporter : exporters) {
            ServiceProcess process = exporter.launch();
            resources.add(process);
            running.add(process);
        }
        // nothing acts before Prometheus holds the action counters at 0: increase() cannot count what came before a
        // series' first sample, and the first cycle (2 s after start) may come before the first scrape
        kubernetes.holdLease(LEASE, "dashboard-stack");
        analyzer = analyzer().launch();
        resources.add(analyzer);
        manager = manager(powerScript).launch();
        resources.add(manager);
        for (ServiceProcess process : running) {
            process.awaitReady(Duration.ofSeconds(90));
        }
        analyzer.awaitReady(Duration.ofSeconds(120));
        manager.awaitReady(Duration.ofSeconds(120));

        // 4 series (2 packages + 2 DRAM) per Xeon, 5 (package, core, uncore, DRAM, PSys) on the laptop part
        prometheus.await("count(rapl_energy_joules_total)", v -> v == 13, Duration.ofSeconds(60));
        prometheus.await("up{instance=\"127.0.0.1:" + analyzerPort + "\"}", v -> v == 1, Duration.ofSeconds(60));
        prometheus.await("count(power_manager_policy_actions_total)", v -> v > 0, Duration.ofSeconds(60));
        kubernetes.delete(LEASE);
        recordRuns();
        awaitActions(CONSOLIDATION_ACTIONS);
        pendingPod(kubernetes);
        awaitActions(EXPECTED_ACTIONS);
        double cycles = managerCycles();
        prometheus.await("power_manager_policy_cycle_seconds_count", v -> v >= cycles + 2, Duration.ofSeconds(60));
    }

    private FixtureMachine machine(String fixture, String node) {
        FixtureMachine machine = FixtureMachine.create(fixture, PreloadLibrary.newFixtureDirectory(node));
        nodeNames.put(machine, node);
        directories.add(machine.root());
        return machine;
    }

    private static LoadDriver.Zone zone(FixtureMachine machine, String zone, double... watts) {
        List<Double> list = new ArrayList<>();
        for (double w : watts) {
            list.add(w);
        }
        return new LoadDriver.Zone(machine.powercapFile(zone, "energy_uj"), list);
    }

    private Path tempDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            directories.add(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The measured nodes, which no policy may power off ({@value #DO_NOT_POWER_OFF}): node-a1 runs a lulesh pod, node-a2
     * (capped by its actuator, the annotations say) a service pod of 5 CPUs, so that the pods consolidation moves (4 CPUs)
     * do not fit there and DVFS may plan its ceiling (the rails never slow a node a plan sends pods to), node-b (its
     * ceiling lowered) nothing. Three more
     * Xeons without exporters: node-c and node-e each run one service pod (consolidation's candidates: the fewest
     * pods), node-d is off.
     */
    private static void cluster(KubernetesApi kubernetes) {
        Map<String, String> keepOn = Map.of(DO_NOT_POWER_OFF, "true");
        kubernetes.node(NODE_A1, XEON, true, keepOn);
        kubernetes.node(NODE_A2, XEON, true, Map.of(DO_NOT_POWER_OFF, "true",
                "energy.escheduler.io/throttled", "true",
                "energy.escheduler.io/throttle-reason", "power-limit",
                "energy.escheduler.io/power-limit-watts", Long.toString(CAP_WATTS + 85)));
        kubernetes.node(NODE_B, LAPTOP, true, Map.of(DO_NOT_POWER_OFF, "true",
                "energy.escheduler.io/throttled", "true",
                "energy.escheduler.io/throttle-reason", "cpufreq",
                "energy.escheduler.io/cpu-max-khz", Long.toString(LOWERED_CEILING_KHZ)));
        kubernetes.node(NODE_C, XEON, true, Map.of());
        kubernetes.node(NODE_D, XEON, false, Map.of("energy.escheduler.io/powered-off", "true"));
        kubernetes.node(NODE_E, XEON, true, Map.of());
        kubernetes.programPod("lulesh-0", "lulesh", NODE_A1, "6", Map.of(), null);
        kubernetes.servicePod("queue-0", NODE_A2, "5");
        kubernetes.servicePod("web-1", NODE_C, "4");
        kubernetes.servicePod("api-1", NODE_E, "4");
        kubernetes.admitEviction("web-1");
        kubernetes.refuseEviction("api-1");
    }

    /** A gromacs pod bound to the Xeons, pending: no running Xeon has 6 CPUs free. Power-on's case, after consolidation's. */
    private static void pendingPod(KubernetesApi kubernetes) {
        kubernetes.programPod("gromacs-1", "gromacs", null, "6", Map.of(KubernetesApi.SYSTEM_LABEL, XEON),
                "0/6 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint "
                        + "{node.kubernetes.io/unreachable: }, 4 Insufficient cpu. preemption: 0/6 nodes are available: "
                        + "2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.");
    }

    /** The exec power driver's command ({@code <script> on|off <node>}): it logs the call, as a site's script would act. */
    private Path powerScript(Path directory) {
        powerCalls = directory.resolve("calls.log");
        Path script = directory.resolve("node-power.sh");
        try {
            Files.writeString(script, "#!/bin/sh\necho \"$1 $2\" >> '" + powerCalls + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    private ServiceProcess.Builder exporter(FixtureMachine machine, int port) {
        return FixtureExporter.powercap(machine, nodeNames.get(machine), port).msrFixtures(machine.root()).jvmArg("-Xmx96m");
    }

    private ServiceProcess.Builder analyzer() {
        return ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer"))
                .workDir(tempDirectory("dashboards-analyzer-"))
                .quarkusHttp(analyzerPort)
                .jvmArg("-Xmx256m")
                .jvmArg("-Denergy-analyzer.systems.members." + XEON + "=" + NODE_A1 + "," + NODE_A2 + "," + NODE_C + "," + NODE_D + "," + NODE_E)
                .jvmArg("-Denergy-analyzer.systems.members." + LAPTOP + "=" + NODE_B)
                .datasource(postgres)
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetes.url())
                .env("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", KubernetesApi.NAMESPACE)
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "true")
                // runs are posted with a token of this file (this test's API server reviews no tokens)
                .env("ENERGY_ANALYZER_AUTH_MODE", "token-file")
                .env("ENERGY_ANALYZER_AUTH_TOKEN_FILE", runReporterTokens().toString())
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", prometheus.baseUrl())
                .env("ENERGY_ANALYZER_PROMETHEUS_SCRAPE_INTERVAL", "1s")
                .env("ENERGY_ANALYZER_PROMETHEUS_TIMEOUT", "5s")
                .env("ENERGY_ANALYZER_PROFILES_STEP", "1s")
                .env("ENERGY_ANALYZER_PROFILES_SETTLE", "2s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_INITIAL", "1s")
                .env("ENERGY_ANALYZER_PROFILES_RETRY_MAX", "4s")
                .env("ENERGY_ANALYZER_PROFILES_POLL_INTERVAL", "1s");
    }

    /** The packaged power-manager beside the analyzer: the same database (its own schema), API server and Prometheus. */
    private ServiceProcess.Builder manager(Path powerScript) {
        return ServiceProcess.builder(ServiceProcess.quarkusJar("power-manager"))
                .workDir(tempDirectory("dashboards-power-manager-"))
                .quarkusHttp(managerPort)
                .jvmArg("-Xmx256m")
                .datasource(postgres)
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetes.url())
                .env("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", KubernetesApi.NAMESPACE)
                .env("POWER_MANAGER_PROMETHEUS_URL", prometheus.baseUrl())
                .env("POWER_MANAGER_PROMETHEUS_SCRAPE_INTERVAL", "1s")
                .env("POWER_MANAGER_PROMETHEUS_TIMEOUT", "5s")
                // the policies plan every 2 s, so that their cycle timer has rates to show; leader election as
                // configured (on: the single replica competes for the Lease and wins)
                .env("POWER_MANAGER_INTERVAL", "2s")
                .env("POWER_MANAGER_CONSOLIDATION_MODE", "enforce")
                // six nodes have no three nodes' room to spare (the default, for large clusters): pack tightly, so
                // that node-c and node-e are emptied
                .env("POWER_MANAGER_CONSOLIDATION_SPARE_NODES", "0")
                .env("POWER_MANAGER_POWER_ON_MODE", "enforce")
                .env("POWER_MANAGER_POWER_ON_BOOT_TIMEOUT", BOOT_TIMEOUT.toSeconds() + "s")
                .env("POWER_MANAGER_EXECUTOR_DRAIN_TIMEOUT", "60s")
                .env("POWER_MANAGER_POWER_DRIVER", "exec")
                .env("POWER_MANAGER_POWER_EXEC_POWER_ON_COMMAND", powerScript + ",on")
                .env("POWER_MANAGER_POWER_EXEC_POWER_OFF_COMMAND", powerScript + ",off")
                .env("POWER_MANAGER_POWER_EXEC_TIMEOUT", "10s")
                // dry-run DVFS that has something to plan: node-a2 (20 % busy) stays under 30 % for 10 s
                .env("POWER_MANAGER_DVFS_LOWER_BELOW_PERCENT", "30")
                .env("POWER_MANAGER_DVFS_WINDOW", "10s");
    }

    /** The analyzer's token file: {@link #RUN_REPORTER_TOKEN}, the one token that may post runs. */
    private Path runReporterTokens() {
        Path file = tempDirectory("dashboards-analyzer-tokens-").resolve("tokens");
        try {
            Files.writeString(file, RUN_REPORTER_TOKEN + " dashboards-test\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits for the runs' spans to pass, posts them to the analyzer and waits until it has profiled them all. */
    private void recordRuns() {
        Instant epoch = Instant.now().plusSeconds(1);
        int last = RUNS.stream().mapToInt(RunSpec::to).max().orElseThrow();
        Sleep.until(epoch.plusSeconds(last + 3)); // the last run's end has been scraped
        List<Long> ids = new ArrayList<>();
        for (RunSpec run : RUNS) {
            String body = JSON.createObjectNode().put("program", run.program())
                    .put("start", epoch.plusSeconds(run.from()).toString()).put("end", epoch.plusSeconds(run.to()).toString())
                    .set("nodes", JSON.valueToTree(run.nodes())).toString();
            Http.Response response = Http.send("POST", analyzer.baseUrl() + "/v1/runs", RUN_REPORTER_TOKEN, body);
            if (response.status() != 201) {
                throw new IllegalStateException("POST /v1/runs " + body + " answered " + response.status() + ": " + response.body()
                        + "\n" + analyzer.output());
            }
            ids.add(json(response.body()).path("id").asLong());
        }
        Instant deadline = Instant.now().plusSeconds(120);
        for (long id : ids) {
            String status;
            JsonNode view;
            do {
                view = json(Http.get(analyzer.baseUrl() + "/v1/runs/" + id, "application/json").body());
                status = view.path("status").asText();
                if (!"complete".equals(status)) {
                    if ("failed".equals(status) || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("run " + id + " not profiled: " + view + "\n" + analyzer.output());
                    }
                    Sleep.until(Instant.now().plusMillis(500));
                }
            } while (!"complete".equals(status));
        }
    }

    /**
     * Waits until the executor has done {@code actions} (the audit trail holds them, nothing else). Once it has done
     * {@link #EXPECTED_ACTIONS}, the stack waits until Prometheus has scraped two planning cycles that followed: the
     * node states and plans it holds are those the actions left.
     */
    private void awaitActions(List<Audited> actions) {
        Instant deadline = Instant.now().plusSeconds(90);
        List<Audited> expected = sorted(actions);
        List<Audited> rows = audited();
        while (!sorted(rows).equals(expected)) {
            if (rows.size() > expected.size() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the executor's audit trail is " + rows + ", expected (in any order) " + expected
                        + "\n" + manager.output());
            }
            Sleep.until(Instant.now().plusMillis(500));
            rows = audited();
        }
    }

    private static List<Audited> sorted(List<Audited> rows) {
        return rows.stream().sorted(Comparator.comparing(Audited::toString)).toList();
    }

    /** The planning cycles power-manager has counted so far, from its own {@code /metrics}. */
    private double managerCycles() {
        for (String line : Http.get(manager.baseUrl() + "/metrics").body().split("\n")) {
            if (line.startsWith("power_manager_policy_cycle_seconds_count")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("power-manager counts no planning cycles\n" + manager.output());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // best effort: the others still stop
            }
        }
        for (Path directory : directories) {
            Directories.deleteTree(directory);
        }
    }
}
