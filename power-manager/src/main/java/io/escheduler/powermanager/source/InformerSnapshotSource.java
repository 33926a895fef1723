package io.escheduler.powermanager.source;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.powermanager.engine.SnapshotSource;
import io.escheduler.powermanager.execute.NodePower;
import io.escheduler.powermanager.kube.KubeSnapshots;
import io.escheduler.powermanager.kube.PodConversions;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/**
 * The live {@link SnapshotSource}: Nodes, pods and PodDisruptionBudgets from the informer caches
 * ({@link PolicyInformers}) and node metrics from Prometheus ({@link NodeMetricsSource}), both taken at the
 * snapshot's instant. The caches are read, never the API server, so a snapshot of a large cluster costs a copy of
 * the cached lists and the model conversion, plus five Prometheus queries. Prometheus away is no error (a
 * snapshot without metrics); the caches not synced is one, since a policy must not plan on half a cluster. Each
 * node also carries the power actions no configured driver can do on it ({@link NodePower#blocked}). Pods whose
 * informer object did not change since the last snapshot are not converted again ({@link PodConversions}).
 */
@ApplicationScoped
public class InformerSnapshotSource implements SnapshotSource {

    private final PolicyInformers informers;
    private final NodeMetricsSource metrics;
    private final NodePower power;
    private final PodConversions conversions = new PodConversions();

    public InformerSnapshotSource(PolicyInformers informers, NodeMetricsSource metrics, NodePower power) {
        this.informers = informers;
        this.metrics = metrics;
        this.power = power;
    }

    /**
     * @throws IllegalStateException when every policy is off (nothing is watched), or the informers have not listed
     *                               everything yet
     */
    @Override
    public synchronized ClusterSnapshot snapshot() {
        if (!informers.started()) {
            throw new IllegalStateException("no cluster snapshot: the cluster is not watched because every "
                    + "power-manager.*.mode is off");
        }
        if (!informers.synced()) {
            throw new IllegalStateException("no cluster snapshot yet: the informers have not listed " + String.join(", ", informers.unsynced())
                    + " from the API server (power_manager_kubernetes_informer_synced; the log says why)");
        }
        Instant now = Instant.now();
        // Prometheus first: its queries may take a while (timeouts, retries), the cached lists are copied after them
        Map<String, NodeMetrics> nodeMetrics = metrics.metrics(now);
        return KubeSnapshots.snapshot(now, informers.nodes(), informers.pods(), informers.budgets(), nodeMetrics, power::blocked,
                conversions);
    }
}
