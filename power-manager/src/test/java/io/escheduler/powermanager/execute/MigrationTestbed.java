package io.escheduler.powermanager.execute;

import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.PrometheusServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Three nodes for the migration policies, for real: three {@link FixtureNode}s (two packages each, 300 W maximum
 * power, 170 W TDP: the nodes' maximum) scraped every second by one real Prometheus, steady from the start:
 * <ul>
 *   <li>{@value #HOT}: 150 W + 10 W DRAM (94 % of its maximum), CPUs 50 % busy; its node-actuator is started by the
 *   enforce test ({@link #startActuator});</li>
 *   <li>{@value #BUSY}: 40 W + 10 W (29 %), CPUs 90 % busy;</li>
 *   <li>{@value #COOL}: 30 W + 10 W (24 %), CPUs 10 % busy.</li>
 * </ul>
 * Prometheus holds every node's power and utilisation before power-manager starts.
 */
public class MigrationTestbed implements QuarkusTestResourceLifecycleManager {

    static final String HOT = "hot-1";
    static final String BUSY = "busy-1";
    static final String COOL = "cool-1";
    static final String TOKEN = "power-manager-migrations-token";

    private static volatile MigrationTestbed current;

    private final List<FixtureNode> nodes = new ArrayList<>();
    private PrometheusServer prometheus;
    private FixtureNode hot;
    private Map<String, String> actuatorAccess;

    static MigrationTestbed current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            hot = FixtureNode.start(HOT, 0.5, 150, 10);
            nodes.add(hot);
            nodes.add(FixtureNode.start(BUSY, 0.9, 40, 10));
            nodes.add(FixtureNode.start(COOL, 0.1, 30, 10));
            prometheus = PrometheusServer.start(PreloadLibrary.newFixtureDirectory("migration-prometheus"),
                    nodes.stream().map(FixtureNode::target).toList(), Duration.ofSeconds(1));
            prometheus.await("count(sum by (node) (rate(rapl_energy_joules_total[3s])))", v -> v == 3, Duration.ofSeconds(60));
            prometheus.await("count(sum by (node) (rate(cpu_seconds_total[3s])))", v -> v == 3, Duration.ofSeconds(60));
            actuatorAccess = hot.actuatorFor(TOKEN);
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

    /** {@value #HOT}'s actuator, publishing its annotations to {@code apiServer}; started once. */
    void startActuator(String apiServer) {
        hot.startActuator(apiServer);
    }

    /** A powercap attribute of {@value #HOT}, e.g. {@code intel-rapl:0}, {@code constraint_0_power_limit_uw}. */
    String hotPowercap(String zone, String attribute) {
        return hot.powercap(zone, attribute);
    }

    @Override
    public void stop() {
        current = null;
        if (prometheus != null) {
            prometheus.close();
        }
        nodes.forEach(FixtureNode::close);
        nodes.clear();
    }
}
