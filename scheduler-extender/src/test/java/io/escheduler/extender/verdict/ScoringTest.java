package io.escheduler.extender.verdict;

import io.escheduler.extender.nodes.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The prioritize formula (docs/scheduler-extender.md, "Scoring"), one case per row: candidates → scores. */
class ScoringTest {

    /** The golden placement answer of the analyzer: c never ran (0 W), b 95.25 W, a 182.5 W. */
    private static final Map<String, Double> GOLDEN = Map.of("golden-c", 0.0, "golden-b", 95.25, "golden-a", 182.5);

    private static NodeState fast(String name, String system) {
        return NodeState.of(name, system, "false", null);
    }

    private static NodeState slow(String name, String system) {
        return NodeState.of(name, system, "true", "cpufreq");
    }

    private static List<NodeState> nodes(NodeState... states) {
        return new ArrayList<>(Arrays.asList(states));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no ranking: unthrottled 10, throttled 0, unknown 5",
                        nodes(fast("a1", "golden-a"), slow("b1", "golden-b"), null), null, List.of(10, 0, 5)),
                Arguments.of("ranking: never-ran system best, highest peak worst",
                        nodes(fast("a1", "golden-a"), fast("b1", "golden-b"), fast("c1", "golden-c")), GOLDEN, List.of(5, 8, 10)),
                Arguments.of("ranking: throttled nodes stay below every unthrottled one",
                        nodes(fast("a1", "golden-a"), slow("b1", "golden-b"), fast("c1", "golden-c"), slow("c2", "golden-c")), GOLDEN,
                        List.of(5, 2, 10, 4)),
                Arguments.of("ranking among the candidates only: two systems are best and worst",
                        nodes(fast("a1", "golden-a"), fast("b1", "golden-b")), GOLDEN, List.of(5, 10)),
                Arguments.of("one ranked system: it is the best",
                        nodes(fast("a1", "golden-a"), slow("a2", "golden-a")), GOLDEN, List.of(10, 4)),
                Arguments.of("a system missing from the ranking is in the middle; unknown nodes stay 5",
                        nodes(fast("z1", "golden-z"), fast("c1", "golden-c"), fast("a1", "golden-a"), slow("z2", "golden-z"), null), GOLDEN,
                        List.of(8, 10, 5, 2, 5)),
                Arguments.of("equal scores, equal fractions (two never-ran systems)",
                        nodes(fast("c1", "golden-c"), fast("d1", "golden-d"), fast("a1", "golden-a")),
                        Map.of("golden-c", 0.0, "golden-d", 0.0, "golden-a", 182.5), List.of(10, 10, 5)),
                Arguments.of("negative zero and zero are two scores, as a TreeSet of Double keeps them",
                        nodes(fast("c1", "golden-c"), fast("m1", "golden-m"), fast("a1", "golden-a")),
                        Map.of("golden-c", 0.0, "golden-m", -0.0, "golden-a", 182.5), List.of(8, 10, 5)),
                Arguments.of("no candidate", nodes(), GOLDEN, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores(String description, List<NodeState> states, Map<String, Double> ranking, List<Integer> expected) {
        int[] scores = Scoring.scores(states.toArray(NodeState[]::new), ranking);
        assertThat(scores).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void everyScoreIsWithinTheExtenderRange() {
        List<NodeState> states = new ArrayList<>();
        Map<String, Double> ranking = new java.util.HashMap<>();
        for (int i = 0; i < 200; i++) {
            states.add(i % 3 == 0 ? slow("n" + i, "s" + i) : fast("n" + i, "s" + i));
            ranking.put("s" + i, (double) (i * 7919 % 500));
        }
        int[] scores = Scoring.scores(states.toArray(NodeState[]::new), ranking);
        for (int i = 0; i < scores.length; i++) {
            int score = scores[i];
            assertThat(score).isBetween(states.get(i).throttled() ? 0 : 5, states.get(i).throttled() ? 4 : 10);
        }
    }
}
