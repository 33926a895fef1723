package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.escheduler.analyzer.profiles.CounterValueTest.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CounterSeriesTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // description;                                             raw samples (s=J);                          from; to;  joules; falls; bridged s
            "no fall: what the counter gained;                           0=1000 1=1100 2=1200 3=1300;                 0;    3;    300;    0;     0",
            "between scrapes: interpolated at both ends;                 0=1000 1=1100 2=1200 3=1300;                 0.5;  2.5;  200;    0;     0",
            "a fall to a lower raw value, not to zero: bridged at 100 W; 0=1000 1=1100 2=1200 3=50 4=150;            0;    4;    400;    1;     1",
            "a fall after a gap: the gap bridged at the power before it; 0=1000 1=1100 5=50 6=150;                    0;    6;    600;    1;     4",
            "a fall right after the first scrape: the power after it;    0=1000 1=20 2=80 3=140;                      0;    3;    180;    1;     1",
            "the run ends inside the bridged interval;                   0=1000 1=1100 2=1200 4=10 5=110;             0;    3;    300;    1;     2",
            "no interval to take a power from: nothing bridged;          0=1000 1=10;                                 0;    1;    0;      1;     1",
            "bridged at the power before, not the one after;             0=0 1=100 2=200 4=0 5=50;                    0;    5;    450;    1;     2",
            "the power of the last three intervals before, no earlier;   0=0 1=10 2=20 3=120 4=220 5=320 6=5;         0;    6;    420;    1;     1",
    })
    void followsTheCounterAcrossFalls(String description, String raw, double from, double to, double joules, int falls, double bridged) {
        CounterSeries.Continuous counter = CounterSeries.continuous(samples(raw));

        assertThat(CounterSeries.joules(counter, T.plusMillis(Math.round(from * 1000)), T.plusMillis(Math.round(to * 1000))))
                .as(description).isCloseTo(joules, within(1e-9));
        assertThat(counter.falls()).as(description).isEqualTo(falls);
        assertThat(counter.bridgedSeconds()).as(description).isEqualTo(bridged);
        assertThat(CounterSeries.falls(samples(raw))).as(description).isEqualTo(falls > 0);
    }

    @Test
    void powerIsWhatTheCountersGainedOverEachWindowWithoutTheFall() {
        CounterSeries.Continuous a = CounterSeries.continuous(samples("0=1000 1=1100 2=1200 3=50 4=150 5=250"));
        CounterSeries.Continuous b = CounterSeries.continuous(samples("0=0 1=10 2=20 3=30 4=40 5=50"));

        List<Sample> power = CounterSeries.power(List.of(a, b), T.plusSeconds(2), T.plusSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(power).extracting(Sample::time)
                .containsExactly(T.plusSeconds(2), T.plusSeconds(3), T.plusSeconds(4), T.plusSeconds(5));
        assertThat(power).extracting(Sample::value).containsExactly(110.0, 110.0, 110.0, 110.0);
    }
}
