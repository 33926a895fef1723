package io.escheduler.analyzer.policies.execute;

import io.escheduler.analyzer.policies.source.CpuLoadDriver;
import io.escheduler.analyzer.profiles.PowerDriver;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.escheduler.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node, for real, as the DVFS and capping policies see and change it: a Cascade Lake fixture machine (two
 * packages of 85 W TDP, CPUs 800 MHz..3.2 GHz) whose counters are driven — package 0 at {@value #PACKAGE_WATTS} W
 * and its DRAM at 10 W, CPUs {@link #load busy} as a test says — read by the packaged msr-exporter (node
 * {@value #NODE}) and scraped every second by a real Prometheus. The node's packaged node-actuator, on the same
 * machine, is started by the test ({@link #startActuator}), since it publishes its annotations to the test's
 * Kubernetes server.
 */
public class ActuatedNode implements QuarkusTestResourceLifecycleManager {

    static final String NODE = "worker-1";
    static final String TOKEN = "analyzer-policies-token";
    static final double PACKAGE_WATTS = 120;

    private static volatile ActuatedNode current;

    private final List<AutoCloseable> running = new ArrayList<>();
    private FixtureMachine machine;
    private CpuLoadDriver load;
    private PrometheusServer prometheus;
    private ServiceProcess actuator;
    private int actuatorPort;
    private Path tokenFile;

    static ActuatedNode current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            machine = FixtureMachine.create("xeon-2s-clx", PreloadLibrary.newFixtureDirectory("actuated-node"));
            load = CpuLoadDriver.start(machine.procfs().resolve("stat"), machine.cpuCount(), 0.05);
            running.add(load);
            running.add(PowerDriver.start(List.of(
                    new PowerDriver.Zone(machine.powercapFile("intel-rapl:0", "energy_uj"), List.of(new PowerDriver.Phase(0, PACKAGE_WATTS))),
                    new PowerDriver.Zone(machine.powercapFile("intel-rapl:0:0", "energy_uj"), List.of(new PowerDriver.Phase(0, 10))))));
            int exporterPort = Ports.free();
            running.add(ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                    .msrFixtures(machine.root()).workDir(machine.root()).port(exporterPort)
                    .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + exporterPort)
                    .env("MSR_EXPORTER_SOURCE", "powercap")
                    .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                    .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                    .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                    .env("MSR_EXPORTER_NODE_NAME", NODE)
                    .env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "false")
                    .start());
            prometheus = PrometheusServer.start(machine.root().resolve("prometheus"), List.of("127.0.0.1:" + exporterPort),
                    Duration.ofSeconds(1));
            running.add(prometheus);
            prometheus.await("count(rapl_energy_joules_total{node=\"" + NODE + "\"})", v -> v == 4, Duration.ofSeconds(30));
            actuatorPort = Ports.free();
            tokenFile = machine.root().resolve("analyzer-token");
            Files.writeString(tokenFile, TOKEN + "\n");
            Files.writeString(machine.root().resolve("actuator-tokens"), TOKEN + " energy-analyzer\n");
        } catch (IOException | RuntimeException e) {
            stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        current = this;
        return Map.of(
                "energy-analyzer.prometheus.url", prometheus.baseUrl(),
                "energy-analyzer.prometheus.scrape-interval", "1s",
                "energy-analyzer.prometheus.timeout", "2s",
                "energy-analyzer.policies.actuator.port", Integer.toString(actuatorPort),
                "energy-analyzer.policies.actuator.token-file", tokenFile.toString());
    }

    /** The node's actuator, publishing its annotations to {@code apiServer}; started once. */
    synchronized void startActuator(String apiServer) {
        if (actuator != null) {
            return;
        }
        actuator = ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator"))
                .msrFixtures(machine.root()).workDir(machine.root()).port(actuatorPort)
                .env("QUARKUS_HTTP_PORT", Integer.toString(actuatorPort))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("NODE_ACTUATOR_NODE_NAME", NODE)
                .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                .env("NODE_ACTUATOR_POWER_LIMIT_INTERFACE", "powercap")
                .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("actuator-state/state.json").toString())
                .env("NODE_ACTUATOR_AUTH_MODE", "token-file")
                .env("NODE_ACTUATOR_AUTH_TOKEN_FILE", machine.root().resolve("actuator-tokens").toString())
                .env("NODE_ACTUATOR_ANNOTATIONS_ENABLED", "true")
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer)
                .env("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true")
                .start();
        running.add(actuator);
    }

    /** The node's CPUs are {@code utilisation} busy from now on. */
    void load(double utilisation) {
        load.set(utilisation);
    }

    /** A sysfs file of the node, e.g. {@code devices/system/cpu/cpu0/cpufreq/scaling_max_freq}, as the kernel shows it. */
    String sysfs(String relative) {
        try {
            return Files.readString(machine.sysfs().resolve(relative)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A powercap attribute of a zone, e.g. {@code intel-rapl:0}, {@code constraint_0_power_limit_uw}. */
    String powercap(String zone, String attribute) {
        try {
            return Files.readString(machine.powercapFile(zone, attribute)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        current = null;
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // best effort: the others still get closed
            }
        }
        running.clear();
    }
}
