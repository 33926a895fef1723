package io.escheduler.extender.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The Node informer's store, keeping of each Node only its metadata without {@code managedFields}: the extender reads
 * a Node's name, labels and annotations, never its spec or status (capacity, conditions, images, addresses…), which
 * are most of a Node. At 5000 nodes the full objects were about 50 MB of long-lived heap, which every young
 * collection had to scan for references into the young generation; trimmed, about a tenth.
 *
 * <p>The Node is trimmed in place: the informer has just deserialised it for this store, and the only event handler,
 * {@link NodeCache}'s, reads the metadata.
 */
final class MetadataOnlyStore extends BasicItemStore<Node> {

    MetadataOnlyStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public Node put(String key, Node node) {
        node.setSpec(null);
        node.setStatus(null);
        if (node.getMetadata() != null) {
            node.getMetadata().setManagedFields(null);
        }
        return super.put(key, node);
    }
}
