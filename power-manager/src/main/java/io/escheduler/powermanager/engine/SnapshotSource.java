package io.escheduler.powermanager.engine;

import io.escheduler.policies.model.ClusterSnapshot;

/**
 * Where a planning cycle's snapshot comes from: Nodes, pods and PodDisruptionBudgets from informer caches
 * (turned into the model by {@link io.escheduler.powermanager.kube.KubeSnapshots}) and node metrics from
 * Prometheus.
 */
public interface SnapshotSource {

    /** The cluster now; throws when a required source (the API server's caches) is not synced. */
    ClusterSnapshot snapshot();
}
