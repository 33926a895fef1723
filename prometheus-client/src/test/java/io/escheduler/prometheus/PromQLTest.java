package io.escheduler.prometheus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQLTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
            "a plain name;                                  node-a;            '\"node-a\"'",
            "names sorted, duplicates dropped;               n2 n1 n2;          '\"n1|n2\"'",
            "a dot is escaped for RE2, then for the string;  n1.example.org;    '\"n1\\\\.example\\\\.org\"'",
            "every RE2 metacharacter;                        a+b*c?(d)[e]{f}^$; '\"a\\\\+b\\\\*c\\\\?\\\\(d\\\\)\\\\[e\\\\]\\\\{f\\\\}\\\\^\\\\$\"'",
            "a pipe cannot widen the match;                  x|.*;              '\"x\\\\|\\\\.\\\\*\"'",
            "quotes and backslashes;                         a\"b\\c;           '\"a\\\"b\\\\\\\\c\"'",
    })
    void anyOfMatchesExactlyTheGivenValues(String description, String values, String expected) {
        assertThat(PromQL.anyOf(Arrays.asList(values.split(" ")))).as(description).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT1S,      1000ms",
            "PT0.0005S, 1ms",
            "PT36H,     129600000ms",
    })
    void durationsAreWholeMilliseconds(Duration duration, String expected) {
        assertThat(PromQL.duration(duration)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-25T08:00:00Z,     1795593600.000",
            "2026-11-25T08:00:00.25Z,  1795593600.250",
            "1970-01-01T00:00:00.001Z, 0.001",
    })
    void timesAreUnixSecondsWithMilliseconds(Instant instant, String expected) {
        assertThat(PromQL.time(instant)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT15S,  15",
            "PT1.5S, 1.5",
            "PT0.1S, 0.1",
    })
    void stepsAreSeconds(Duration step, String expected) {
        assertThat(PromQL.seconds(step)).isEqualTo(expected);
    }

    @Test
    void aMatcherNeedsAValue() {
        assertThatThrownBy(() -> PromQL.anyOf(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
