package io.escheduler.analyzer.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> KNOWN = List.of("lulesh", "hpl", "hpcg", "stream", "LULESH-2", "nekbone");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a typo: the closest by edit distance", List.of("lulsh"), List.of("lulesh", "LULESH-2")),
                Arguments.of("a start: names extending it first, then by distance", List.of("hp"), List.of("hpl", "hpcg")),
                Arguments.of("case does not matter", List.of("Stream"), List.of("stream")),
                Arguments.of("a longer name: known prefixes of it first", List.of("lulesh-big"), List.of("lulesh", "LULESH-2")),
                Arguments.of("several typed names: closest to any", List.of("hpx", "nekbon"), List.of("nekbone", "hpl", "hpcg")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closestFirst(String description, List<String> typed, List<String> expectedFirst) {
        assertThat(Suggestions.closest(typed, KNOWN)).startsWith(expectedFirst.toArray(String[]::new));
    }

    @Test
    void atMostTen() {
        List<String> many = IntStream.range(0, 50).mapToObj(i -> "p" + i).toList();

        assertThat(Suggestions.closest(List.of("p1"), many)).hasSize(Suggestions.MAX).startsWith("p1", "p10");
    }

    @Test
    void levenshtein() {
        assertThat(Suggestions.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.levenshtein("", "abc")).isEqualTo(3);
        assertThat(Suggestions.levenshtein("same", "same")).isZero();
    }
}
