package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.source.CpuLoadDriver;
import io.escheduler.powermanager.source.PowerLoadDriver;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node for the policies, for real: a Cascade Lake fixture machine (two packages of 85 W TDP and 150 W maximum
 * power, 32 CPUs of 800 MHz..3.2 GHz) whose {@code /proc/stat} and package-0 and DRAM-0 energy counters are driven at
 * the utilisation and power a test {@linkplain #load sets} (package 1 stands still), read by the packaged msr-exporter
 * under the node's name; on request also the packaged node-actuator on the same machine ({@link #startActuator}),
 * authenticated by a token file and publishing its Node annotations to the test's Kubernetes server.
 */
final class FixtureNode implements AutoCloseable {

    private final String name;
    private final FixtureMachine machine;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final CpuLoadDriver load;
    private final PowerLoadDriver packagePower;
    private final int exporterPort;
    private int actuatorPort;
    private Path actuatorTokens;
    private ServiceProcess actuator;

    private FixtureNode(String name, double utilisation, double packageWatts, double dramWatts) {
        this.name = name;
        this.machine = FixtureMachine.create("xeon-2s-clx", PreloadLibrary.newFixtureDirectory(name));
        this.exporterPort = Ports.free();
        try {
            this.load = CpuLoadDriver.start(machine.procfs().resolve("stat"), machine.cpuCount(), utilisation);
            running.add(load);
            this.packagePower = PowerLoadDriver.start(machine.powercapFile("intel-rapl:0", "energy_uj"), packageWatts);
            running.add(packagePower);
            running.add(PowerLoadDriver.start(machine.powercapFile("intel-rapl:0:0", "energy_uj"), dramWatts));
            running.add(ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                    .msrFixtures(machine.root()).workDir(machine.root()).port(exporterPort)
                    .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + exporterPort)
                    .env("MSR_EXPORTER_SOURCE", "powercap")
                    .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                    .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                    .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                    .env("MSR_EXPORTER_NODE_NAME", name)
                    .env("MSR_EXPORTER_CPU_FREQUENCY_METRICS", "false")
                    .start());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The node's machine, drivers and exporter, started: CPUs {@code utilisation} busy, package 0 drawing
     * {@code packageWatts} and its DRAM {@code dramWatts}.
     */
    static FixtureNode start(String name, double utilisation, double packageWatts, double dramWatts) {
        return new FixtureNode(name, utilisation, packageWatts, dramWatts);
    }

    String name() {
        return name;
    }

    /** {@code host:port} of its exporter, to scrape. */
    String target() {
        return "127.0.0.1:" + exporterPort;
    }

    /** Its CPUs are {@code utilisation} busy from now on. */
    void load(double utilisation) {
        load.set(utilisation);
    }

    /** Its package 0 draws {@code watts} from now on (its DRAM keeps its power). */
    void packagePower(double watts) {
        packagePower.set(watts);
    }

    /**
     * Readies its node-actuator for power-manager, before either starts: a free port, and token files by which the
     * actuator accepts {@code token} as power-manager's. power-manager's settings to reach it (port, token file).
     */
    Map<String, String> actuatorFor(String token) throws IOException {
        actuatorPort = Ports.free();
        Path managerToken = file("power-manager-token");
        Files.writeString(managerToken, token + "\n");
        actuatorTokens = file("actuator-tokens");
        Files.writeString(actuatorTokens, token + " power-manager\n");
        return Map.of("power-manager.actuator.port", Integer.toString(actuatorPort),
                "power-manager.actuator.token-file", managerToken.toString());
    }

    /**
     * Its node-actuator, as {@link #actuatorFor} readied it, publishing its annotations to {@code apiServer}; started
     * once.
     */
    synchronized void startActuator(String apiServer) {
        if (actuator != null) {
            return;
        }
        actuator = ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator"))
                .msrFixtures(machine.root()).workDir(machine.root()).port(actuatorPort)
                .env("QUARKUS_HTTP_PORT", Integer.toString(actuatorPort))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("NODE_ACTUATOR_NODE_NAME", name)
                .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                .env("NODE_ACTUATOR_POWER_LIMIT_INTERFACE", "powercap")
                .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("actuator-state/state.json").toString())
                .env("NODE_ACTUATOR_AUTH_MODE", "token-file")
                .env("NODE_ACTUATOR_AUTH_TOKEN_FILE", actuatorTokens.toString())
                .env("NODE_ACTUATOR_ANNOTATIONS_ENABLED", "true")
                .env("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer)
                .env("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true")
                .start();
        running.add(actuator);
    }

    /** A file of the machine, e.g. an actuator token file. */
    Path file(String relative) {
        return machine.root().resolve(relative);
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
    public void close() {
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
