package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escheduler.analyzer.profiles.CounterValueTest.samples;
import static org.assertj.core.api.Assertions.assertThat;

class PowerCurveTest {

    @Test
    void eachNodeOverItsSamplesAndTheRunOverTheirSums() {
        PowerCurve curve = PowerCurve.of(List.of("n1", "n2"), Map.of(
                "n1", samples("1=100 2=300 3=200"),
                "n2", samples("1=50 2=10 3=150")));

        assertThat(curve.node("n1")).isEqualTo(new PowerCurve.Extremes(300, 100, 3));
        assertThat(curve.node("n2")).isEqualTo(new PowerCurve.Extremes(150, 10, 3));
        assertThat(curve.run()).as("sums 150, 310, 350").isEqualTo(new PowerCurve.Extremes(350, 150, 3));
    }

    @Test
    void aGapInOneNodeIsNotADipOfTheRun() {
        PowerCurve curve = PowerCurve.of(List.of("n1", "n2"), Map.of(
                "n1", samples("1=100 2=100 3=100"),
                "n2", samples("1=100 3=100")));

        assertThat(curve.node("n2").samples()).isEqualTo(2);
        assertThat(curve.run()).isEqualTo(new PowerCurve.Extremes(200, 200, 2));
    }

    @Test
    void samplesThatAreNotNumbersAreSkipped() {
        PowerCurve curve = PowerCurve.of(List.of("n1"), Map.of("n1", List.of(
                new Sample(Instant.EPOCH, Double.NaN),
                new Sample(Instant.EPOCH.plusSeconds(1), 42))));

        assertThat(curve.node("n1")).isEqualTo(new PowerCurve.Extremes(42, 42, 1));
    }

    @Test
    void aNodeWithoutCurveHasNoSamples() {
        PowerCurve curve = PowerCurve.of(List.of("n1"), Map.of());

        assertThat(curve.node("n1").samples()).isZero();
        assertThat(curve.run().samples()).isZero();
    }
}
