package io.escheduler.analyzer.profiles;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofDays(14));

    @ParameterizedTest(name = "after {0} failed attempts: {1}")
    @CsvSource({
            "0,    PT30S",
            "1,    PT1M",
            "5,    PT16M",
            "6,    PT30M",
            "40,   PT30M",
            "1000, PT30M",
    })
    void theDelayDoublesUpToTheMaximum(int attemptsBefore, Duration expected) {
        assertThat(DEFAULTS.delay(attemptsBefore)).isEqualTo(expected);
        Instant now = Instant.parse("2026-11-25T08:00:00Z");
        assertThat(DEFAULTS.nextAttempt(attemptsBefore, now)).isEqualTo(now.plus(expected));
    }

    @ParameterizedTest(name = "{0} after the end: gives up {1}")
    @CsvSource({
            "PT1H,       false",
            "P13DT23H,   false",
            "P14D,       true",
            "P20D,       true",
    })
    void givesUpOnceTheDataCannotComeAnyMore(Duration sinceEnd, boolean givesUp) {
        Instant end = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(DEFAULTS.givesUp(end, end.plus(sinceEnd))).isEqualTo(givesUp);
    }
}
