package io.escheduler.analyzer.profiles;

import io.escheduler.testing.FixtureExporter;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The analyzer's data path, for real: the packaged msr-exporter (node {@value #NODE}) reading a
 * Cascade Lake fixture's powercap tree whose counters a {@link PowerDriver} advances at known watts,
 * scraped every second by a real Prometheus. The analyzer under test is pointed at that Prometheus
 * with second-scale profile settings.
 *
 * <p>Node {@value #NODE}'s schedule ({@link #driver()}): package 0 draws 100 W for 15 s, then 40 W
 * for 15 s, then 70 W; its DRAM 10 W throughout; package 1 and its DRAM nothing. The node thus draws
 * 110 W, 50 W, then 80 W. Before the schedule starts the counters stand still.
 */
public class EnergyTestbed implements QuarkusTestResourceLifecycleManager {

    public static final String NODE = "node-a";
    /** How long the first two power levels last. */
    static final int PLATEAU_SECONDS = 15;

    private static volatile EnergyTestbed current;

    private FixtureMachine machine;
    private int exporterPort;
    private ServiceProcess exporter;
    private PrometheusServer prometheus;
    private PowerDriver driver;

    /** The testbed of the running test class. */
    public static EnergyTestbed current() {
        if (current == null) {
            throw new IllegalStateException("annotate the test with @TestProfile(TestbedProfile.class)");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        machine = FixtureMachine.create("xeon-2s-clx", PreloadLibrary.newFixtureDirectory("analyzer"));
        exporterPort = Ports.free();
        startExporter();
        prometheus = PrometheusServer.start(machine.root().resolve("prometheus"), List.of("127.0.0.1:" + exporterPort), Duration.ofSeconds(1));
        prometheus.await("count(rapl_energy_joules_total{node=\"" + NODE + "\"})", v -> v == 4, Duration.ofSeconds(30));
        current = this;
        return Map.of(
                "energy-analyzer.prometheus.url", prometheus.baseUrl(),
                "energy-analyzer.prometheus.scrape-interval", "1s",
                "energy-analyzer.prometheus.timeout", "2s",
                "energy-analyzer.profiles.step", "1s",
                "energy-analyzer.profiles.settle", "2s",
                "energy-analyzer.profiles.retry-initial", "1s",
                "energy-analyzer.profiles.retry-max", "4s",
                "energy-analyzer.profiles.poll-interval", "1s",
                "energy-analyzer.kubernetes.enabled", "false");
    }

    /** Starts the exporter (again) on its port. */
    public void startExporter() {
        exporter = FixtureExporter.powercap(machine, NODE, exporterPort)
                .msrFixtures(machine.root())
                .env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "false")
                .start();
    }

    public void stopExporter() {
        exporter.stop();
    }

    public PrometheusServer prometheus() {
        return prometheus;
    }

    /**
     * The node's power schedule, started at the first call: once the application under test has
     * started, so that its start-up (which takes both cores of a small machine) does not delay the
     * driver's writes and the exporter's reads and blur the plateaus.
     */
    synchronized PowerDriver driver() {
        if (driver == null) {
            driver = PowerDriver.start(List.of(
                    new PowerDriver.Zone(machine.powercapFile("intel-rapl:0", "energy_uj"),
                            List.of(new PowerDriver.Phase(0, 100), new PowerDriver.Phase(PLATEAU_SECONDS, 40),
                                    new PowerDriver.Phase(2 * PLATEAU_SECONDS, 70))),
                    new PowerDriver.Zone(machine.powercapFile("intel-rapl:0:0", "energy_uj"), List.of(new PowerDriver.Phase(0, 10)))));
        }
        return driver;
    }

    @Override
    public void stop() {
        current = null;
        if (driver != null) {
            driver.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }
}
