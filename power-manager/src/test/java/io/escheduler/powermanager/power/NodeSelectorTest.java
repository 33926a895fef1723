package io.escheduler.powermanager.power;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Label selectors as {@code kubectl -l} reads them, case by case. */
class NodeSelectorTest {

    private record Case(String description, String selector, Map<String, String> labels, boolean matches) {
    }

    private static final Map<String, String> RACK_A_CPU = Map.of("rack", "a", "tier", "cpu", "topology.kubernetes.io/zone", "z1");

    @Test
    void requirementsAreAndedWithKubernetesSemantics() {
        List<Case> cases = List.of(
                new Case("equality", "rack=a", RACK_A_CPU, true),
                new Case("double equals", "rack==a", RACK_A_CPU, true),
                new Case("other value", "rack=b", RACK_A_CPU, false),
                new Case("all must hold", "rack=a,tier!=cpu", RACK_A_CPU, false),
                new Case("inequality", "rack=a,tier!=gpu", RACK_A_CPU, true),
                new Case("inequality holds without the label", "gpu!=true", RACK_A_CPU, true),
                new Case("in", "tier in (cpu, mem)", RACK_A_CPU, true),
                new Case("in, other values", "tier in (gpu,mem)", RACK_A_CPU, false),
                new Case("notin", "tier notin (gpu,mem),rack=a", RACK_A_CPU, true),
                new Case("notin holds without the label", "gpu notin (a)", RACK_A_CPU, true),
                new Case("exists", "topology.kubernetes.io/zone", RACK_A_CPU, true),
                new Case("exists, absent", "gpu", RACK_A_CPU, false),
                new Case("does not exist", "!gpu", RACK_A_CPU, true),
                new Case("does not exist, present", "!rack", RACK_A_CPU, false),
                new Case("spaces", " rack = a , tier in (cpu) ", RACK_A_CPU, true),
                new Case("a node without labels", "rack=a", null, false));
        for (Case c : cases) {
            assertThat(NodeSelector.parse(c.selector()).matches(c.labels())).as(c.description()).isEqualTo(c.matches());
        }
    }

    @Test
    void whatDoesNotParseIsNamed() {
        assertThatThrownBy(() -> NodeSelector.parse("rack=a,tier>3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"tier>3\" is not a label requirement");
        assertThatThrownBy(() -> NodeSelector.parse("tier in (a b)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a b\" in \"tier in (a b)\" is not a label value");
        assertThatThrownBy(() -> NodeSelector.parse(" , ")).isInstanceOf(IllegalArgumentException.class).hasMessage("the selector is empty");
    }
}
