package io.escheduler.powermanager.source;

import io.escheduler.policies.model.NodeMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which nodes get {@link NodeMetrics} from a partial set of query results, and what they hold ({@link NodeMetricsSource#assemble}). */
class NodeMetricsAssemblyTest {

    /** One node "n"; null expected: no entry. Maps: utilisation, peak, power, max power, TDP. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("every figure: the TDP is the maximum", Map.of("n", 0.4), Map.of("n", 0.7),
                        Map.of("n", 120.0), Map.of("n", 300.0), Map.of("n", 170.0), new NodeMetrics(0.4, 0.7, 120, 170, 170)),
                Arguments.of("no maximum power: the TDP", Map.of("n", 0.4), Map.of("n", 0.7), Map.of("n", 120.0), Map.of(), Map.of("n", 170.0),
                        new NodeMetrics(0.4, 0.7, 120, 170, 170)),
                Arguments.of("no TDP: the packages' maximum power", Map.of("n", 0.4), Map.of("n", 0.7), Map.of("n", 120.0),
                        Map.of("n", 300.0), Map.of(), new NodeMetrics(0.4, 0.7, 120, 300, 0)),
                Arguments.of("neither: maximum 0", Map.of("n", 0.4), Map.of("n", 0.7), Map.of("n", 120.0), Map.of(), Map.of(),
                        new NodeMetrics(0.4, 0.7, 120, 0, 0)),
                Arguments.of("window not covered: peak unknown (NaN)", Map.of("n", 0.4), Map.of(), Map.of("n", 120.0), Map.of(),
                        Map.of("n", 170.0), new NodeMetrics(0.4, Double.NaN, 120, 170, 170)),
                Arguments.of("a peak below the present (subquery points lag): the present", Map.of("n", 0.5), Map.of("n", 0.3),
                        Map.of("n", 120.0), Map.of(), Map.of("n", 170.0), new NodeMetrics(0.5, 0.5, 120, 170, 170)),
                Arguments.of("rounding past 0..1 clamped", Map.of("n", 1.0000001), Map.of("n", 1.2), Map.of("n", 120.0), Map.of(), Map.of(),
                        new NodeMetrics(1, 1, 120, 0, 0)),
                Arguments.of("no power (no RAPL, or a counter that just fell): no entry", Map.of("n", 0.4), Map.of("n", 0.7), Map.of(),
                        Map.of("n", 300.0), Map.of("n", 170.0), null),
                Arguments.of("no utilisation (no /proc/stat): no entry", Map.of(), Map.of(), Map.of("n", 120.0), Map.of("n", 300.0),
                        Map.of("n", 170.0), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void assemble(String description, Map<String, Double> utilisation, Map<String, Double> peak, Map<String, Double> power,
                  Map<String, Double> maxPower, Map<String, Double> tdp, NodeMetrics expected) {
        Map<String, NodeMetrics> metrics = NodeMetricsSource.assemble(utilisation, peak, power, maxPower, tdp);
        if (expected == null) {
            assertThat(metrics).isEmpty();
        } else {
            assertThat(metrics).containsOnlyKeys("n");
            assertThat(metrics.get("n")).isEqualTo(expected); // records compare doubles with Double.compare: NaN equals NaN
        }
    }
}
