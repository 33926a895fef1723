package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter rule, one case per row: which candidates pass and which are removed as throttled. */
class FilterDecisionTest {

    private static final NodeState FAST_A = NodeState.of("a", null, "false", null);
    private static final NodeState FAST_B = NodeState.of("b", null, null, null);
    private static final NodeState SLOW_C = NodeState.of("c", null, "true", "cpufreq");
    private static final NodeState CAPPED_D = NodeState.of("d", null, "true", null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("mixed: throttled nodes go", List.of(FAST_A, SLOW_C, FAST_B, CAPPED_D), List.of("a", "b"), List.of("c", "d")),
                Arguments.of("every node throttled: all kept", List.of(SLOW_C, CAPPED_D), List.of("c", "d"), List.of()),
                Arguments.of("no throttled node", List.of(FAST_A, FAST_B), List.of("a", "b"), List.of()),
                Arguments.of("one unthrottled is enough", List.of(SLOW_C, FAST_B), List.of("b"), List.of("c")),
                Arguments.of("unknown nodes pass and do not count as unthrottled", Arrays.of(null, SLOW_C), List.of("x", "c"), List.of()),
                Arguments.of("unknown nodes pass beside unthrottled ones", Arrays.of(null, FAST_A, SLOW_C), List.of("x", "a"), List.of("c")),
                Arguments.of("no candidate", List.of(), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String description, List<NodeState> states, List<String> kept, List<String> removed) {
        List<String> names = states.stream().map(state -> state == null ? "x" : state.name()).toList();
        FilterDecision decision = FilterDecision.decide(states.toArray(NodeState[]::new));
        assertThat(java.util.Arrays.stream(decision.kept()).mapToObj(names::get).toList()).isEqualTo(kept);
        assertThat(java.util.Arrays.stream(decision.removed()).mapToObj(names::get).toList()).isEqualTo(removed);
        assertThat(decision.reasons()).hasSize(removed.size());
        assertThat(Stream.of(FilterDecision.Verdict.values()).mapToInt(decision::count).sum()).isEqualTo(states.size());
    }

    @org.junit.jupiter.api.Test
    void theReasonNamesTheActuatorsReason() {
        FilterDecision decision = FilterDecision.decide(new NodeState[] {FAST_A, SLOW_C, CAPPED_D});
        assertThat(decision.removed()).containsExactly(1, 2);
        assertThat(decision.reasons()).containsExactly("node is throttled by its node-actuator (cpufreq) and unthrottled nodes remain",
                "node is throttled by its node-actuator (frequency lowered or power capped) and unthrottled nodes remain");
        assertThat(decision.count(FilterDecision.Verdict.UNTHROTTLED)).isEqualTo(1);
        assertThat(decision.count(FilterDecision.Verdict.THROTTLED_REMOVED)).isEqualTo(2);
        assertThat(decision.count(FilterDecision.Verdict.UNKNOWN)).isZero();
    }

    @org.junit.jupiter.api.Test
    void equalReasonsAreOneStringAndOthersTheirOwn() {
        NodeState slowE = NodeState.of("e", null, "true", "cpufreq");
        FilterDecision decision = FilterDecision.decide(new NodeState[] {SLOW_C, slowE, CAPPED_D, SLOW_C, FAST_A});
        String[] reasons = decision.reasons();
        assertThat(reasons).hasSize(4);
        assertThat(reasons[1]).isSameAs(reasons[0]);
        assertThat(reasons[2]).contains("(frequency lowered or power capped)");
        assertThat(reasons[3]).isEqualTo(SLOW_C.failureMessage());
    }

    /** List.of refuses nulls; an unknown node is a null state. */
    private static final class Arrays {
        static List<NodeState> of(NodeState... states) {
            return new ArrayList<>(java.util.Arrays.asList(states));
        }
    }
}
