package io.escheduler.simulator.schedule;

import io.escheduler.testing.ExtenderRuleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The extender's rules as the shared table states them (the extender's own tests run the same table against its classes). */
class ExtenderRulesTableTest {

    static List<ExtenderRuleCases.Case> cases() {
        return ExtenderRuleCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterAndScoresAsTheTableSays(ExtenderRuleCases.Case c) {
        List<ExtenderRules.Candidate> candidates = c.candidates().stream()
                .map(n -> n == null ? null : new ExtenderRules.Candidate(n.name(), n.system(), n.throttled())).toList();
        assertThat(ExtenderRules.filter(candidates)).as("kept").isEqualTo(c.kept());
        assertThat(Arrays.stream(ExtenderRules.scores(candidates, c.ranking())).boxed().toList()).as("scores").isEqualTo(c.scores());
    }
}
