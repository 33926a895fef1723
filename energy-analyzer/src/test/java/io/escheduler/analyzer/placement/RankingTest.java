package io.escheduler.analyzer.placement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.escheduler.analyzer.placement.PlacementStrategy.ENERGY;
import static io.escheduler.analyzer.placement.PlacementStrategy.PEAK_POWER;
import static org.assertj.core.api.Assertions.assertThat;

class RankingTest {

    private static SystemRuns ran(String system, long runs, double peak, double energy) {
        return new SystemRuns(system, runs, peak, energy);
    }

    private static SystemRuns never(String system) {
        return new SystemRuns(system, 0, null, null);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("never-ran systems score 0 and come first, by name",
                        PEAK_POWER, List.of(ran("a", 3, 182.5, 10), never("c"), never("b")), List.of("b", "c", "a")),
                Arguments.of("lowest peak wins",
                        PEAK_POWER, List.of(ran("a", 1, 300, 10), ran("b", 5, 90, 9000), ran("c", 2, 120, 1)), List.of("b", "c", "a")),
                Arguments.of("equal peaks: by system name, whatever the input order",
                        PEAK_POWER, List.of(ran("z", 1, 100, 1), ran("m", 9, 100, 2), ran("a", 4, 100, 3)), List.of("a", "m", "z")),
                Arguments.of("names compare by code unit: upper case before lower case",
                        PEAK_POWER, List.of(never("b"), never("B"), never("a")), List.of("B", "a", "b")),
                Arguments.of("energy strategy: mean energy per run",
                        ENERGY, List.of(ran("a", 1, 300, 10), ran("b", 5, 90, 9000), never("c")), List.of("c", "a", "b")),
                Arguments.of("no systems: empty ranking",
                        PEAK_POWER, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ranksLowestScoreFirstThenByName(String description, PlacementStrategy strategy, List<SystemRuns> systems, List<String> expected) {
        PlacementRanking ranking = Ranking.rank("p", true, strategy, systems, 0);

        assertThat(ranking.ranking()).extracting(PlacementRanking.Entry::system).containsExactlyElementsOf(expected);
        assertThat(ranking.ranking()).extracting(PlacementRanking.Entry::rank)
                .containsExactlyElementsOf(Stream.iterate(1, i -> i + 1).limit(expected.size()).toList());
        assertThat(ranking.strategy()).isEqualTo(strategy.wireName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void explainsEachScore(String description, SystemRuns system, PlacementStrategy strategy, boolean programKnown, double score,
                           String unit, String reason) {
        PlacementRanking.Entry entry = Ranking.rank("p", programKnown, strategy, List.of(system), 0).ranking().get(0);

        assertThat(entry.score()).isEqualTo(score);
        assertThat(entry.unit()).isEqualTo(unit);
        assertThat(entry.runs()).isEqualTo(system.runs());
        assertThat(entry.reason()).isEqualTo(reason);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("peak over several runs", ran("a", 3, 182.5, 1), PEAK_POWER, true, 182.5, "W", "highest peak 182.5 W over 3 runs"),
                Arguments.of("one run", ran("a", 1, 200, 1), PEAK_POWER, true, 200.0, "W", "highest peak 200 W over 1 run"),
                Arguments.of("rounded to one decimal in the reason only", ran("a", 2, 99.96, 1), PEAK_POWER, true, 99.96, "W",
                        "highest peak 100 W over 2 runs"),
                Arguments.of("never ran here", never("a"), PEAK_POWER, true, 0.0, "W", "never ran here: counts as 0 W (seed rule)"),
                Arguments.of("program unknown everywhere", never("a"), PEAK_POWER, false, 0.0, "W",
                        "the program never ran on any system: counts as 0 W (seed rule)"),
                Arguments.of("energy", ran("a", 4, 1, 12345678.25), ENERGY, true, 12345678.25, "J",
                        "mean energy 12345678.3 J per run over 4 runs"),
                Arguments.of("energy, never ran", never("a"), ENERGY, true, 0.0, "J", "never ran here: counts as 0 J (seed rule)"));
    }

    @Test
    void limitKeepsTheBest() {
        PlacementRanking ranking = Ranking.rank("p", true, PEAK_POWER, List.of(ran("a", 1, 5, 1), never("b"), ran("c", 1, 1, 1)), 2);

        assertThat(ranking.ranking()).extracting(PlacementRanking.Entry::system).containsExactly("b", "c");
    }
}
