package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;
import io.escheduler.testing.ExtenderRuleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared table of the extender's rules (test-fixtures, {@code extender-rules/cases.json}) against the extender's own
 * {@link FilterDecision} and {@link Scoring}; the simulator runs the same table against its model of them.
 */
class ExtenderRulesTableTest {

    static List<ExtenderRuleCases.Case> cases() {
        return ExtenderRuleCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterAndScoresAsTheTableSays(ExtenderRuleCases.Case c) {
        NodeState[] states = c.candidates().stream()
                .map(n -> n == null ? null : NodeState.of(n.name(), n.system(), Boolean.toString(n.throttled()), n.throttled() ? "cpufreq" : null))
                .toArray(NodeState[]::new);
        int[] kept = FilterDecision.decide(states).kept();
        assertThat(Arrays.stream(kept).boxed().toList()).as("kept").isEqualTo(c.kept());
        assertThat(Arrays.stream(Scoring.scores(states, c.ranking())).boxed().toList()).as("scores").isEqualTo(c.scores());
    }
}
