package io.escheduler.extender.nodes;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataOnlyStoreTest {

    @Test
    void keepsTheMetadataTheExtenderReadsAndDropsTheRest() {
        Node node = new NodeBuilder()
                .withNewMetadata().withName("worker-1").withResourceVersion("42").withUid("u-1")
                .addToLabels("energy.escheduler.io/system", "rack-1")
                .addToAnnotations(NodeState.THROTTLED, "true").addToAnnotations(NodeState.THROTTLE_REASON, "cpufreq")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update").build())
                .endMetadata()
                .withNewSpec().withPodCIDR("10.244.1.0/24").endSpec()
                .withNewStatus().addToCapacity("cpu", new Quantity("64")).endStatus()
                .build();
        MetadataOnlyStore store = new MetadataOnlyStore();

        store.put(store.getKey(node), node);

        Node kept = store.get("worker-1");
        assertThat(kept.getSpec()).isNull();
        assertThat(kept.getStatus()).isNull();
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(NodeState.fromMetadata("worker-1", kept.getMetadata().getLabels(), kept.getMetadata().getAnnotations(),
                "energy.escheduler.io/system")).isEqualTo(new NodeState("worker-1", "rack-1", true, "cpufreq"));
    }
}
