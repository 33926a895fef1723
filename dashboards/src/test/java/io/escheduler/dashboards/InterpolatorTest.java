package io.escheduler.dashboards;

import io.escheduler.dashboards.Interpolator.Dialect;
import io.escheduler.dashboards.Interpolator.Selection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interpolation rules of Grafana's front end, as the query tests reproduce them. */
class InterpolatorTest {

    private static final Interpolator INTERPOLATOR = new Interpolator(Map.of(
            "node", new Selection(List.of("node-a1", "node-b"), true, true),
            "one", new Selection(List.of("node.a1"), true, true),
            "single", new Selection(List.of("o'brien"), false, false),
            "program", new Selection(List.of("lulesh", "o'hpl"), true, true)),
            Map.of("__rate_interval", "4s", "__interval", "1s"));

    @Test
    void prometheusMultiValueBecomesAnEscapedAlternation() {
        assertThat(INTERPOLATOR.apply("rate(x{node=~\"$node\"}[$__rate_interval])", Dialect.PROMETHEUS))
                .isEqualTo("rate(x{node=~\"(node-a1|node-b)\"}[4s])");
        // one value of a multi-value variable: regex-escaped for a PromQL string (Grafana's prometheusSpecialRegexEscape)
        assertThat(INTERPOLATOR.apply("x{node=~\"${one}\"}", Dialect.PROMETHEUS)).isEqualTo("x{node=~\"node\\\\.a1\"}");
    }

    @Test
    void prometheusSingleValueIsInsertedAsIs() {
        assertThat(INTERPOLATOR.apply("x{name=\"$single\"}", Dialect.PROMETHEUS)).isEqualTo("x{name=\"o\\\\'brien\"}");
    }

    @Test
    void sqlMultiValueBecomesQuotedLiterals() {
        assertThat(INTERPOLATOR.apply("p.name IN ($program)", Dialect.SQL)).isEqualTo("p.name IN ('lulesh','o''hpl')");
        assertThat(INTERPOLATOR.apply("p.name IN (${program:sqlstring})", Dialect.SQL)).isEqualTo("p.name IN ('lulesh','o''hpl')");
        assertThat(INTERPOLATOR.apply("n = '$single'", Dialect.SQL)).isEqualTo("n = 'o''brien'");
    }

    @Test
    void sqlMacrosAreLeftForTheBackEndAndBuiltInsReplaced() {
        assertThat(INTERPOLATOR.apply("SELECT $__timeGroupAlias(at, $__interval) WHERE $__timeFilter(at)", Dialect.SQL))
                .isEqualTo("SELECT $__timeGroupAlias(at, 1s) WHERE $__timeFilter(at)");
    }

    @Test
    void formats() {
        Selection two = new Selection(List.of("a.b", "c"), true, false);
        assertThat(Interpolator.format(two, "regex", Dialect.PROMETHEUS)).isEqualTo("(a\\.b|c)");
        assertThat(Interpolator.format(two, "csv", Dialect.SQL)).isEqualTo("a.b,c");
        assertThat(Interpolator.format(two, "pipe", Dialect.SQL)).isEqualTo("a.b|c");
    }

    @Test
    void whatCannotBeReproducedExactlyIsRefused() {
        assertThatThrownBy(() -> INTERPOLATOR.apply("x{n=\"$nodes\"}", Dialect.PROMETHEUS)).hasMessageContaining("$nodes is not defined");
        assertThatThrownBy(() -> INTERPOLATOR.apply("x[$__range]", Dialect.PROMETHEUS)).hasMessageContaining("$__range");
        assertThatThrownBy(() -> INTERPOLATOR.apply("x{n=\"[[node]]\"}", Dialect.PROMETHEUS)).hasMessageContaining("deprecated");
        assertThatThrownBy(() -> INTERPOLATOR.apply("${node:json}", Dialect.SQL)).hasMessageContaining(":json");
    }

    @Test
    void variablesInListsTheDashboardVariablesOnly() {
        assertThat(Interpolator.variablesIn("$__timeFilter(a) AND x IN (${program:sqlstring}) AND y =~ \"$node\" [$__rate_interval]"))
                .containsExactly("program", "node");
    }
}
