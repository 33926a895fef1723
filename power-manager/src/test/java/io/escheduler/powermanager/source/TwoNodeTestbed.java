package io.escheduler.powermanager.source;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two nodes for the policies' metrics, for real: two packaged msr-exporters, each on its own Cascade Lake fixture
 * tree (two packages, TDP 85 W each), scraped every second by one real Prometheus. From the start, constantly:
 * <ul>
 *   <li>{@value #BUSY}: package 0 draws 100 W and its DRAM 10 W (110 W); CPUs {@value #BUSY_PERCENT}% busy.</li>
 *   <li>{@value #QUIET}: package 0 draws 40 W and its DRAM 10 W (50 W); CPUs {@value #QUIET_START_PERCENT}% busy
 *   until a test {@linkplain #load(String) changes it}.</li>
 * </ul>
 * Package 1 and its DRAM stand still on both. Every counter is advanced from before the exporters start, so the
 * series are steady once Prometheus has them. A third target, {@value #RESTARTED} ({@link FallingCounterTarget}),
 * serves a counter that a test can make fall.
 */
public class TwoNodeTestbed implements QuarkusTestResourceLifecycleManager {

    static final String BUSY = "node-busy";
    static final String QUIET = "node-quiet";
    /** The {@link FallingCounterTarget}'s node. */
    static final String RESTARTED = "node-restarted";
    static final int BUSY_PERCENT = 80;
    static final int QUIET_START_PERCENT = 60;
    static final double BUSY_WATTS = 110;
    static final double QUIET_WATTS = 50;
    /** Two packages of 85 W TDP (powercap's long-term {@code max_power_uw}). */
    static final double TDP_WATTS = 170;

    private static volatile TwoNodeTestbed current;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, CpuLoadDriver> loads = new HashMap<>();
    private FallingCounterTarget falling;
    private PrometheusServer prometheus;

    static TwoNodeTestbed current() {
        if (current == null) {
            throw new IllegalStateException("annotate the test with @TestProfile(NodeMetricsSourceTest.Profile.class)");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            falling = new FallingCounterTarget(RESTARTED);
            running.add(falling);
            List<String> targets = List.of(node(BUSY, BUSY_PERCENT / 100.0, 100), node(QUIET, QUIET_START_PERCENT / 100.0, 40), falling.target());
            prometheus = PrometheusServer.start(PreloadLibrary.newFixtureDirectory("prometheus"), targets, Duration.ofSeconds(1));
            running.add(prometheus);
            prometheus.await("count(rapl_energy_joules_total)", v -> v == 9, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            stop(); // Quarkus does not stop a resource whose start failed
            throw e;
        }
        current = this;
        return Map.of(
                "power-manager.prometheus.url", prometheus.baseUrl(),
                "power-manager.prometheus.scrape-interval", "1s",
                "power-manager.prometheus.timeout", "2s",
                "power-manager.dvfs.window", "10s");
    }

    /** Starts one node's drivers and exporter; its scrape target. */
    private String node(String name, double utilisation, double packageWatts) {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", PreloadLibrary.newFixtureDirectory(name));
        CpuLoadDriver load = CpuLoadDriver.start(machine.procfs().resolve("stat"), machine.cpuCount(), utilisation);
        loads.put(name, load);
        running.add(load);
        running.add(PowerLoadDriver.start(machine.powercapFile("intel-rapl:0", "energy_uj"), packageWatts));
        running.add(PowerLoadDriver.start(machine.powercapFile("intel-rapl:0:0", "energy_uj"), 10));
        int port = Ports.free();
        running.add(ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                .msrFixtures(machine.root())
                .workDir(machine.root())
                .port(port)
                .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + port)
                .env("MSR_EXPORTER_SOURCE", "powercap")
                .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                .env("MSR_EXPORTER_NODE_NAME", name)
                .env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "false")
                .start());
        return "127.0.0.1:" + port;
    }

    /** Node {@code name}'s CPUs are {@code utilisation} busy from now on. */
    void load(String name, double utilisation) {
        loads.get(name).set(utilisation);
    }

    /** Node {@value #RESTARTED}'s energy counter falls by {@code joules} now, as across an exporter restart. */
    void counterFalls(double joules) {
        falling.fall(joules);
    }

    PrometheusServer prometheus() {
        return prometheus;
    }

    @Override
    public void stop() {
        current = null;
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // best effort: the next resource still gets closed
            }
        }
        running.clear();
    }
}
