package io.escheduler.powermanager.execute;

import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node, for real, as the DVFS and capping policies see and change it: a {@link FixtureNode} (Cascade Lake, two
 * packages of 85 W TDP) with package 0 at {@value #PACKAGE_WATTS} W and its DRAM at 10 W until a test
 * {@linkplain #packagePower changes it}, CPUs {@link #load busy} as a test says, its msr-exporter (node
 * {@value #NODE}) scraped every second by a real Prometheus. The node's packaged node-actuator, on the same machine,
 * is started by the test ({@link #startActuator}), since it publishes its annotations to the test's Kubernetes server.
 */
public class ActuatedNode implements QuarkusTestResourceLifecycleManager {

    static final String NODE = "worker-1";
    static final String TOKEN = "power-manager-token";
    static final double PACKAGE_WATTS = 120;

    private static volatile ActuatedNode current;

    private FixtureNode node;
    private PrometheusServer prometheus;
    private Map<String, String> actuatorAccess;

    static ActuatedNode current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            node = FixtureNode.start(NODE, 0.05, PACKAGE_WATTS, 10);
            prometheus = PrometheusServer.start(PreloadLibrary.newFixtureDirectory("actuated-node-prometheus"), List.of(node.target()),
                    Duration.ofSeconds(1));
            prometheus.await("count(rapl_energy_joules_total{node=\"" + NODE + "\"})", v -> v == 4, Duration.ofSeconds(30));
            actuatorAccess = node.actuatorFor(TOKEN);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        current = this;
        Map<String, String> config = new HashMap<>(actuatorAccess);
        config.putAll(Map.of(
                "power-manager.prometheus.url", prometheus.baseUrl(),
                "power-manager.prometheus.scrape-interval", "1s",
                "power-manager.prometheus.timeout", "2s"));
        return config;
    }

    /** The node's actuator, publishing its annotations to {@code apiServer}; started once. */
    void startActuator(String apiServer) {
        node.startActuator(apiServer);
    }

    /** The node's CPUs are {@code utilisation} busy from now on. */
    void load(double utilisation) {
        node.load(utilisation);
    }

    /** The node's package 0 draws {@code watts} from now on. */
    void packagePower(double watts) {
        node.packagePower(watts);
    }

    /** A sysfs file of the node, e.g. {@code devices/system/cpu/cpu0/cpufreq/scaling_max_freq}, as the kernel shows it. */
    String sysfs(String relative) {
        return node.sysfs(relative);
    }

    /** A powercap attribute of a zone, e.g. {@code intel-rapl:0}, {@code constraint_0_power_limit_uw}. */
    String powercap(String zone, String attribute) {
        return node.powercap(zone, attribute);
    }

    @Override
    public void stop() {
        current = null;
        if (prometheus != null) {
            prometheus.close();
        }
        if (node != null) {
            node.close();
        }
    }
}
