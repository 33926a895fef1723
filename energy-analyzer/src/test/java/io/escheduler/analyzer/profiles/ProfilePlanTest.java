package io.escheduler.analyzer.profiles;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilePlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // description;                                          run;    step;  scrape; expected step; rate window; boundary window
            "a long run at the configured step;                       PT1H;   PT15S; PT15S;  PT15S;  PT30S;   PT2M30S",
            "a step of two scrapes or more: windows tile the run;     PT1H;   PT1M;  PT15S;  PT1M;   PT1M;    PT2M30S",
            "a one-minute scrape interval;                           PT1H;   PT15S; PT1M;   PT1M;   PT2M;    PT10M",
            "a short run gets about ten samples;                      PT2M;   PT15S; PT1S;   PT12S;  PT12S;   PT1M",
            "but never a step below the scrape interval;              PT30S;  PT15S; PT15S;  PT15S;  PT30S;   PT2M30S",
            "a very long run stays under 10 000 points;               P30D;   PT15S; PT15S;  PT4M19.2S; PT4M19.2S; PT2M30S",
            "the test setting: 1 s step and scrapes;                  PT36S;  PT1S;  PT1S;   PT1S;   PT2S;    PT1M",
    })
    void stepAndWindows(String description, Duration run, Duration step, Duration scrape, Duration expectedStep, Duration rateWindow,
                        Duration boundaryWindow) {
        ProfilePlan plan = ProfilePlan.of(run, step, scrape);
        assertThat(plan.step()).as(description).isEqualTo(expectedStep);
        assertThat(plan.rateWindow()).as(description).isEqualTo(rateWindow);
        assertThat(plan.boundaryWindow()).as(description).isEqualTo(boundaryWindow);
    }
}
