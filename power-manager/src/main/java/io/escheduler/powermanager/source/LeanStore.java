package io.escheduler.powermanager.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that keeps objects without {@code metadata.managedFields}: the server-side-apply bookkeeping
 * (one entry per field manager: kubelet, controllers, kubectl…) that is often a large share of a pod and that no
 * policy reads. Every pod of the cluster is cached, so the saving grows with the cluster. Keys are the informers'
 * usual {@code namespace/name}.
 *
 * <p>The object is trimmed in place: the informer has just deserialised it for this store, and the informers that
 * use this store have no event handlers that could want the field.
 */
final class LeanStore<T extends HasMetadata> extends BasicItemStore<T> {

    LeanStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return super.put(key, object);
    }
}
