package io.escheduler.analyzer.kube;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredSystemsTest {

    @Test
    void everyListedNodeBelongsToItsSystem() {
        assertThat(ConfiguredSystems.byNode(Map.of("cluster-a", List.of("a1", " a2 "), "cluster-b", List.of("b1", "b1"))))
                .containsExactly(Map.entry("a1", "cluster-a"), Map.entry("a2", "cluster-a"), Map.entry("b1", "cluster-b"));
        assertThat(ConfiguredSystems.byNode(Map.of())).isEmpty();
    }

    @Test
    void aNodeUnderTwoSystemsOrABlankNameIsRefused() {
        assertThatThrownBy(() -> ConfiguredSystems.byNode(Map.of("a", List.of("n1"), "b", List.of("n1"))))
                .hasMessageContaining("node 'n1' is listed under two systems, 'a' and 'b'");
        assertThatThrownBy(() -> ConfiguredSystems.byNode(Map.of("a", List.of(" "))))
                .hasMessageContaining("energy-analyzer.systems.members.a: empty node name");
    }
}
