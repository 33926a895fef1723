package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Where nodes and runs come from, set up at start: the systems of {@code energy-analyzer.systems.members} are
 * written first (in both modes); then, with {@code energy-analyzer.kubernetes.enabled=true}, Nodes and finished pods
 * are watched ({@link ClusterWatch}) until shutdown. Without Kubernetes, runs come from {@code POST /v1/runs} only.
 */
@ApplicationScoped
public class Discovery {

    private static final Logger LOG = Logger.getLogger(Discovery.class);

    private final AnalyzerConfig config;
    private final NodeSystems nodes;
    private final ConfiguredSystems configured;
    private final ClusterWatch watch;

    public Discovery(AnalyzerConfig config, NodeSystems nodes, ConfiguredSystems configured, ClusterWatch watch) {
        this.config = config;
        this.nodes = nodes;
        this.configured = configured;
        this.watch = watch;
    }

    void onStart(@Observes StartupEvent event) {
        nodes.applyConfigured();
        if (config.kubernetes().enabled()) {
            watch.start();
        } else {
            LOG.infof("Kubernetes discovery is off (energy-analyzer.kubernetes.enabled=false): runs come from POST /v1/runs, "
                    + "nodes from energy-analyzer.systems.members (%d nodes in %d systems)", configured.nodes().size(), configured.systemCount());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (config.kubernetes().enabled()) {
            watch.stop();
            LOG.info("Kubernetes discovery stopped");
        }
    }
}
