package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class CounterValueTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // description;                                   samples (seconds after T = joules);  at (s); expected J (empty: none)
            "between two scrapes: on the line through them;     0=1000 10=2000;                        2.5;    1250",
            "exactly on a scrape: its value;                    0=1000 10=2000;                        10;     2000",
            "after the last scrape: the last value;             0=1000 10=2000;                        12;     2000",
            "before the first scrape: the first value;          0=1000 10=2000;                        -3;     1000",
            "uneven scrapes: the two around the instant;        0=0 1=100 4=400 5=500;                 3;      300",
            "the counter restarted between them: the one before; 0=5000 10=20;                         5;      5000",
            "no sample at all: nothing;                          ;                                     5;      ",
    })
    void valueAtAnInstant(String description, String samples, double at, Double expected) {
        OptionalDouble value = CounterValue.at(samples(samples), T.plusMillis(Math.round(at * 1000)));
        if (expected == null) {
            assertThat(value).as(description).isEmpty();
        } else {
            assertThat(value).as(description).hasValue(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "a scrape before;       -1=0 1=1; true",
            "a scrape exactly at;   0=0 1=1;  true",
            "only scrapes after;    1=0 2=1;  false",
            "no scrape;             ;         false",
    })
    void sampleAtOrBefore(String description, String samples, boolean expected) {
        assertThat(CounterValue.hasSampleAtOrBefore(samples(samples), T)).as(description).isEqualTo(expected);
    }

    /** "seconds=joules ..." */
    static List<Sample> samples(String text) {
        List<Sample> samples = new ArrayList<>();
        if (text == null) {
            return samples;
        }
        for (String pair : text.trim().split("\\s+")) {
            String[] parts = pair.split("=");
            samples.add(new Sample(T.plusMillis(Math.round(Double.parseDouble(parts[0]) * 1000)), Double.parseDouble(parts[1])));
        }
        return samples;
    }
}
