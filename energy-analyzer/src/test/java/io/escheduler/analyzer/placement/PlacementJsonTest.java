package io.escheduler.analyzer.placement;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written placement JSON is byte for byte what Jackson writes for the record. */
class PlacementJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static PlacementRanking.Entry entry(int rank, String system, double score) {
        return new PlacementRanking.Entry(rank, system, score, "W", rank * 3L, "highest peak " + score + " W over 3 runs");
    }

    static Stream<Arguments> rankings() {
        Random random = new Random(42);
        List<PlacementRanking.Entry> many = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            double score = i % 3 == 0 ? 0.0 : random.nextDouble() * 400;
            many.add(new PlacementRanking.Entry(i, String.format("system-%04d", i), score, "J", i,
                    score == 0 ? "never ran here: counts as 0 J (seed rule)" : "mean energy " + score + " J per run over " + i + " runs"));
        }
        return Stream.of(
                Arguments.of("empty", new PlacementRanking("p", "peak-power", List.of())),
                Arguments.of("1000 systems", new PlacementRanking("program-0042", "energy", many)),
                Arguments.of("doubles", new PlacementRanking("p", "peak-power", List.of(entry(1, "a", 0.0), entry(2, "b", 182.5),
                        entry(3, "c", 1e7), entry(4, "d", 1e-7), entry(5, "e", 0.1 + 0.2), entry(6, "f", 123456789.123),
                        entry(7, "g", Double.MAX_VALUE), entry(8, "h", Double.MIN_VALUE), entry(9, "i", -0.0)))),
                Arguments.of("names that need escaping", new PlacementRanking("say \"hi\" \\ /", "peak-power", List.of(
                        entry(1, "tab\there\nnew\rline\bback\fform", 1), entry(2, "\u0000\u0001\u001f\u007f", 2),
                        entry(3, "Вычислительная система", 3), entry(4, "计算系统 ⚡ 🔋 mixed ascii", 4),
                        entry(5, "\u2028\u2029", 5)))),
                Arguments.of("not a number", new PlacementRanking("p", "peak-power", List.of(entry(1, "nan", Double.NaN),
                        entry(2, "inf", Double.POSITIVE_INFINITY)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rankings")
    void sameBytesAsJackson(String description, PlacementRanking ranking) throws IOException {
        byte[] ours = PlacementJson.bytes(ranking);

        byte[] jackson = JACKSON.writeValueAsBytes(ranking);

        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(jackson, StandardCharsets.UTF_8));
        assertThat(ours).isEqualTo(jackson);
        assertThat(JACKSON.readTree(ours)).isEqualTo(JACKSON.readTree(jackson));
    }
}
